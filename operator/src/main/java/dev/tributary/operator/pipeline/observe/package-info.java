/**
 * What one reconcile of a Pipeline sees, read once before anything is decided: informer caches, the Flink job, the
 * savepoint in flight, the consumer lag. Reads only: may import the API, JOSDK, {@code flink} and {@code kafka}
 * clients, never writes.
 */
package dev.tributary.operator.pipeline.observe;
