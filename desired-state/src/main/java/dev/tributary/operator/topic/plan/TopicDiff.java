package dev.tributary.operator.topic.plan;

import dev.tributary.api.v1alpha1.TopicSpec;
import dev.tributary.api.validation.Problem;
import dev.tributary.api.validation.TopicValidator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares a declared topic with what Kafka has and plans the changes, one way: the resource is the truth, so
 * configs changed or added directly in Kafka are put back. Kafka cannot shrink partitions, and Tributary does
 * not move replicas, so those are refused with a reason instead of being attempted.
 */
public final class TopicDiff {

    private TopicDiff() {
    }

    public static TopicPlan between(DesiredTopic desired, Optional<ObservedTopic> observed) {
        return between(desired, observed, null);
    }

    /**
     * @param brokerDefaultReplicationFactor what a topic created without a replication factor gets; needed to
     *     judge min.insync.replicas before such a topic exists (null when unknown)
     */
    public static TopicPlan between(DesiredTopic desired, Optional<ObservedTopic> observed,
            Integer brokerDefaultReplicationFactor) {
        if (desired.external()) {
            return observed.isPresent() ? TopicPlan.unchanged() : TopicPlan.refused(TopicReason.TopicNotFound.name(),
                    "external topic "
                    + desired.name() + " does not exist in Kafka: create it there (Tributary never creates external"
                    + " topics), or set topic.external to false; this resource becomes Ready when the topic appears");
        }
        Integer effectiveReplicationFactor = desired.replicationFactor() != null ? desired.replicationFactor()
                : observed.map(ObservedTopic::replicationFactor).orElse(brokerDefaultReplicationFactor);
        Optional<TopicPlan> unsafe = unsafeDurability(desired, effectiveReplicationFactor);
        if (unsafe.isPresent()) {
            return unsafe.get();
        }
        if (observed.isEmpty()) {
            return new TopicPlan(Optional.empty(), true, null, desired.config(), Set.of());
        }
        ObservedTopic actual = observed.get();
        if (desired.partitions() < actual.partitions()) {
            return TopicPlan.refused(TopicReason.NotSupported.name(), "topic " + desired.name() + " has "
                    + actual.partitions()
                    + " partitions and Kafka cannot remove partitions: set topic.partitions to at least "
                    + actual.partitions() + ", or create a new topic under another name");
        }
        if (desired.replicationFactor() != null && desired.replicationFactor() != actual.replicationFactor()) {
            return TopicPlan.refused(TopicReason.NotSupported.name(), "topic " + desired.name()
                    + " has replication factor "
                    + actual.replicationFactor() + "; changing it to " + desired.replicationFactor() + " needs a"
                    + " partition reassignment, which Tributary does not do: set topic.replicationFactor back to "
                    + actual.replicationFactor() + ", or reassign the partitions with Kafka's tools first");
        }
        Map<String, String> toSet = new TreeMap<>();
        desired.config().forEach((key, value) -> {
            if (!value.equals(actual.topicConfigs().get(key))) {
                toSet.put(key, value);
            }
        });
        Set<String> toDelete = new HashSet<>(actual.topicConfigs().keySet());
        toDelete.removeAll(desired.config().keySet());
        Integer grow = desired.partitions() > actual.partitions() ? desired.partitions() : null;
        return new TopicPlan(Optional.empty(), false, grow, toSet, Set.copyOf(toDelete));
    }

    private static Optional<TopicPlan> unsafeDurability(DesiredTopic desired, Integer replicationFactor) {
        TopicSpec asSpec = new TopicSpec(desired.name());
        asSpec.config = desired.config();
        List<Problem> problems = TopicValidator.validate("topic", asSpec, replicationFactor);
        return problems.stream().findFirst().map(p -> TopicPlan.refused(TopicReason.InvalidConfiguration.name(),
                "topic " + desired.name() + ": " + p.message()));
    }
}
