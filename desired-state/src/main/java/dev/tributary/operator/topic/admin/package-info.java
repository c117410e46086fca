/**
 * A topic plan applied with Kafka's Admin client, and the consumer lag read with it; the one piece of I/O in this
 * module, shared with {@code tributary dev}. May import Kafka clients and {@code topic.plan}; no Kubernetes types.
 */
package dev.tributary.operator.topic.admin;
