package dev.tributary.operator.pipeline.autoscale;

import dev.tributary.api.v1alpha1.Condition;

/**
 * The {@code Scaling} condition: True while the autoscaler has what it needs to decide, False with a reason and a
 * sentence saying what to fix when it does not. Its message stays the same while nothing changes (the figures are in
 * {@code status.autoscaler.reason}), so it records one event per change, not one per poll.
 */
public final class ScalingConditions {

    public static final String TYPE = "Scaling";
    public static final String ACTIVE = "Active";
    public static final String MIN_ABOVE_PARTITIONS = "MinAbovePartitions";
    public static final String SOURCE_TOPIC_MISSING = "SourceTopicMissing";
    public static final String KAFKA_UNAVAILABLE = "KafkaUnavailable";
    public static final String FLINK_UNREACHABLE = "FlinkUnreachable";
    public static final String DISABLED = "AutoscalingDisabled";
    public static final String JOB_NOT_RUNNING = "JobNotRunning";

    private ScalingConditions() {
    }

    static Condition active(int min, int max) {
        return new Condition(TYPE, Condition.TRUE, ACTIVE, "The autoscaler chooses between " + min + " and " + max
                + " TaskManagers on consumer lag; its latest decision and why are in status.autoscaler.");
    }

    static Condition problem(String reason, String message) {
        return new Condition(TYPE, Condition.FALSE, reason, message);
    }

    static Condition disabled() {
        return new Condition(TYPE, Condition.FALSE, DISABLED, "autoscaling.enabled is false: the TaskManagers follow"
                + " spec.replicas, which kubectl scale, HPA or KEDA may set through the scale subresource.");
    }
}
