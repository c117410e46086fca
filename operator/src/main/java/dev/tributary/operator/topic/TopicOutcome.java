package dev.tributary.operator.topic;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.TopicStatus;
import java.time.Duration;
import java.util.Optional;

/** What reconciling a topic found: the Ready condition, the topic as now in Kafka, and when to look again sooner. */
public record TopicOutcome(Condition ready, TopicStatus topic, Optional<Duration> retryAfter) {
}
