/**
 * A topic as declared, as observed, and the plan between them, with the reasons a topic's Ready condition gives.
 * Pure: may import the API only; Kafka is reached through {@code topic.admin}.
 */
package dev.tributary.operator.topic.plan;
