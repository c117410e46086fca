package dev.tributary.api.validation;

import dev.tributary.api.v1alpha1.ApiPatterns;
import dev.tributary.api.v1alpha1.DeletionPolicy;
import dev.tributary.api.v1alpha1.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks one topic declaration; the same rules the CRD enforces, for use without an API server. */
public final class TopicValidator {

    private TopicValidator() {
    }

    /**
     * @param path where the topic sits, for example {@code spec.topic}
     * @param effectiveReplicationFactor the declared factor, or the broker default when known; null when unknown
     */
    public static List<Problem> validate(String path, TopicSpec topic, Integer effectiveReplicationFactor) {
        List<Problem> problems = new ArrayList<>();
        if (topic == null) {
            return problems;
        }
        if (topic.name != null) {
            if (topic.name.isEmpty() || topic.name.length() > 249 || !topic.name.matches(ApiPatterns.TOPIC_NAME)
                    || topic.name.equals(".") || topic.name.equals("..")) {
                problems.add(new Problem(path + ".name", "'" + topic.name + "' is not a legal Kafka topic name:"
                        + " use 1 to 249 letters, digits, '.', '_' or '-' (not '.' or '..' alone)"));
            }
        }
        if (topic.partitions != null && topic.partitions < 1) {
            problems.add(new Problem(path + ".partitions", "must be at least 1"));
        }
        if (topic.isExternal()) {
            if (topic.partitions != null || topic.replicationFactor != null || topic.config != null) {
                problems.add(new Problem(path + ".external", "an external topic is never changed by Tributary:"
                        + " remove partitions, replicationFactor and config, or set external to false"));
            }
            if (topic.deletionPolicyOrDefault() == DeletionPolicy.Delete) {
                problems.add(new Problem(path + ".deletionPolicy", "an external topic is never deleted by Tributary:"
                        + " set deletionPolicy to Retain or external to false"));
            }
        }
        minInsyncReplicasProblem(path, topic, effectiveReplicationFactor).ifPresent(problems::add);
        return problems;
    }

    private static Optional<Problem> minInsyncReplicasProblem(String path, TopicSpec topic,
            Integer replicationFactor) {
        String value = topic.config == null ? null : topic.config.get(TopicSpec.MIN_INSYNC_REPLICAS);
        if (value == null || replicationFactor == null) {
            return Optional.empty();
        }
        int minIsr;
        try {
            minIsr = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return Optional.of(new Problem(path + ".config", "min.insync.replicas must be a whole number,"
                    + " not '" + value + "'"));
        }
        boolean safe = minIsr < replicationFactor || (replicationFactor == 1 && minIsr == 1);
        return safe ? Optional.empty() : Optional.of(new Problem(path + ".config",
                "min.insync.replicas " + minIsr + " with replication factor " + replicationFactor + " means one broker"
                        + " outage stops every write: lower min.insync.replicas below the replication factor or"
                        + " raise replicationFactor"));
    }
}
