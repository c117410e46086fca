package dev.tributary.operator.topic.admin;

import dev.tributary.operator.topic.plan.DesiredTopic;
import dev.tributary.operator.topic.plan.ObservedTopic;
import dev.tributary.operator.topic.plan.TopicPlan;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Kafka operations topic reconciliation needs. Every method throws {@link KafkaUnavailableException} when
 * Kafka cannot be reached and {@link TopicRejectedException} when Kafka refuses.
 */
public interface TopicAdmin {

    Optional<ObservedTopic> describe(String topic);

    void create(DesiredTopic topic);

    /** The replication factor the brokers give a topic created without one (default.replication.factor). */
    int defaultReplicationFactor();

    void growPartitions(String topic, int totalPartitions);

    void alterConfigs(String topic, Map<String, String> set, Set<String> delete);

    void delete(String topic);

    /** How far {@code group} is behind the ends of {@code topics} (read-only: offsets and committed offsets). */
    ConsumerLag consumerLag(String group, Collection<String> topics);

    /** Makes the changes a {@link TopicPlan} without a problem asks for. */
    default void apply(DesiredTopic desired, TopicPlan plan) {
        if (plan.create()) {
            create(desired);
            return;
        }
        if (plan.newPartitionCount() != null) {
            growPartitions(desired.name(), plan.newPartitionCount());
        }
        if (!plan.configsToSet().isEmpty() || !plan.configsToDelete().isEmpty()) {
            alterConfigs(desired.name(), plan.configsToSet(), plan.configsToDelete());
        }
    }
}
