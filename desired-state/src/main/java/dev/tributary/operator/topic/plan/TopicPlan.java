package dev.tributary.operator.topic.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What it takes to bring a topic to its declared shape: Kafka changes to make, or why it cannot be done.
 * Computed without I/O by {@link TopicDiff}.
 */
public record TopicPlan(Optional<Problem> problem, boolean create, Integer newPartitionCount,
        Map<String, String> configsToSet, Set<String> configsToDelete) {

    /** Why a topic cannot be brought to its declared shape: a condition reason and a message saying what to do. */
    public record Problem(String reason, String message) {
    }

    public static TopicPlan unchanged() {
        return new TopicPlan(Optional.empty(), false, null, Map.of(), Set.of());
    }

    public static TopicPlan refused(String reason, String message) {
        return new TopicPlan(Optional.of(new Problem(reason, message)), false, null, Map.of(), Set.of());
    }

    public boolean changesKafka() {
        return problem.isEmpty() && (create || newPartitionCount != null || !configsToSet.isEmpty() || !configsToDelete.isEmpty());
    }

    /** One line per change, for events and logs. */
    public List<String> describe(String topic) {
        List<String> lines = new java.util.ArrayList<>();
        if (create) {
            lines.add("created topic " + topic + (configsToSet.isEmpty() ? "" : " with configs " + configsToSet.keySet()));
            return lines;
        }
        if (newPartitionCount != null) {
            lines.add("grew topic " + topic + " to " + newPartitionCount + " partitions");
        }
        if (!configsToSet.isEmpty() || !configsToDelete.isEmpty()) {
            List<String> parts = new java.util.ArrayList<>();
            if (!configsToSet.isEmpty()) {
                parts.add("set configs " + configsToSet.keySet());
            }
            if (!configsToDelete.isEmpty()) {
                parts.add("reset configs " + new java.util.TreeSet<>(configsToDelete) + " to their defaults");
            }
            lines.add(String.join(" and ", parts) + " on topic " + topic);
        }
        return lines;
    }
}
