package dev.tributary.operator.topic.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.DeletionPolicy;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a declared topic needs from Kafka, read as a specification. */
class TopicDiffTest {

    private static DesiredTopic desired(int partitions, Integer rf, Map<String, String> config) {
        return new DesiredTopic("shop.clicks", partitions, rf, config, false, DeletionPolicy.Retain);
    }

    private static Optional<ObservedTopic> observed(int partitions, int rf, Map<String, String> config) {
        return Optional.of(new ObservedTopic("shop.clicks", partitions, rf, config));
    }

    @Test
    void aMissingTopicIsCreatedWithItsConfigs() {
        TopicPlan plan = TopicDiff.between(desired(6, 3, Map.of("retention.ms", "1000")), Optional.empty());
        assertThat(plan.create()).isTrue();
        assertThat(plan.configsToSet()).containsEntry("retention.ms", "1000");
        assertThat(plan.describe("shop.clicks")).containsExactly("created topic shop.clicks with configs [retention.ms]");
    }

    @Test
    void aTopicInShapeNeedsNothing() {
        TopicPlan plan = TopicDiff.between(desired(6, 3, Map.of("retention.ms", "1000")),
                observed(6, 3, Map.of("retention.ms", "1000")));
        assertThat(plan.changesKafka()).isFalse();
        assertThat(plan.problem()).isEmpty();
    }

    @Test
    void configsAreSetIncrementallyAndForeignOnesReset() {
        TopicPlan plan = TopicDiff.between(desired(6, null, Map.of("retention.ms", "1000", "cleanup.policy", "delete")),
                observed(6, 1, Map.of("retention.ms", "5", "cleanup.policy", "delete", "segment.ms", "10")));
        assertThat(plan.configsToSet()).containsExactly(Map.entry("retention.ms", "1000"));
        assertThat(plan.configsToDelete()).containsExactly("segment.ms");
        assertThat(plan.describe("t")).containsExactly("set configs [retention.ms] and reset configs [segment.ms] to their defaults on topic t");
    }

    @Test
    void partitionsOnlyGrow() {
        assertThat(TopicDiff.between(desired(12, null, Map.of()), observed(6, 1, Map.of())).newPartitionCount()).isEqualTo(12);
        TopicPlan shrink = TopicDiff.between(desired(3, null, Map.of()), observed(6, 1, Map.of()));
        assertThat(shrink.changesKafka()).isFalse();
        assertThat(shrink.problem()).hasValueSatisfying(p -> {
            assertThat(p.reason()).isEqualTo("NotSupported");
            assertThat(p.message()).contains("has 6 partitions").contains("set topic.partitions to at least 6");
        });
    }

    @Test
    void replicationFactorChangesAreNotSupported() {
        TopicPlan plan = TopicDiff.between(desired(6, 3, Map.of()), observed(6, 1, Map.of()));
        assertThat(plan.changesKafka()).isFalse();
        assertThat(plan.problem()).hasValueSatisfying(p -> {
            assertThat(p.reason()).isEqualTo("NotSupported");
            assertThat(p.message()).contains("replication factor 1").contains("set topic.replicationFactor back to 1");
        });
    }

    @Test
    void unsafeMinInsyncReplicasIsCheckedAgainstTheEffectiveReplicationFactor() {
        TopicPlan plan = TopicDiff.between(desired(6, null, Map.of("min.insync.replicas", "2")), observed(6, 2, Map.of()));
        assertThat(plan.problem()).hasValueSatisfying(p -> {
            assertThat(p.reason()).isEqualTo("InvalidConfiguration");
            assertThat(p.message()).contains("min.insync.replicas 2 with replication factor 2");
        });
        assertThat(TopicDiff.between(desired(6, null, Map.of("min.insync.replicas", "2")), observed(6, 3, Map.of()))
                .problem()).isEmpty();
    }

    @Test
    void beforeCreationMinInsyncReplicasIsJudgedOnTheBrokersDefaultReplicationFactor() {
        DesiredTopic topic = desired(3, null, Map.of("min.insync.replicas", "2"));
        assertThat(TopicDiff.between(topic, Optional.empty(), 1).problem())
                .hasValueSatisfying(p -> assertThat(p.reason()).isEqualTo("InvalidConfiguration"));
        assertThat(TopicDiff.between(topic, Optional.empty(), 3).create()).isTrue();
    }

    @Test
    void externalTopicsAreOnlyLookedAt() {
        DesiredTopic external = new DesiredTopic("legacy.events", 3, null, Map.of(), true, DeletionPolicy.Retain);
        assertThat(TopicDiff.between(external, Optional.empty()).problem())
                .hasValueSatisfying(p -> assertThat(p.reason()).isEqualTo("TopicNotFound"));
        TopicPlan present = TopicDiff.between(external, Optional.of(new ObservedTopic("legacy.events", 1, 1,
                Map.of("segment.ms", "5"))));
        assertThat(present.problem()).isEmpty();
        assertThat(present.changesKafka()).as("an external topic is never changed").isFalse();
        assertThat(present.configsToDelete()).isEqualTo(Set.of());
    }
}
