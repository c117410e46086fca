package dev.tributary.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.DeletionPolicy;
import dev.tributary.operator.topic.plan.DesiredTopic;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalTopicsTest {

    private static final Path REPO = Path.of(System.getProperty("tributary.repo", "..")).toAbsolutePath().normalize();

    @Test
    void theOperatorsTopicsOfASampleIncludeKafkaSinksAndTheDeadLetterTopicOnly() {
        DevResources iot = DevResources.load(REPO.resolve("samples/iot-sensors"));
        assertThat(LocalTopics.declared(iot)).extracting(DesiredTopic::name)
                .containsExactly("plant.sensor-readings", "plant.machine-stats-1m", "plant.machine-health.dlq");
        DevResources fraud = DevResources.load(REPO.resolve("samples/payment-fraud"));
        assertThat(LocalTopics.declared(fraud)).extracting(DesiredTopic::name, DesiredTopic::partitions)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("payments.authorizations", 12),
                        org.assertj.core.groups.Tuple.tuple("payments.card-testing.dlq", 3));
    }

    @Test
    void oneLocalBrokerHoldsOneReplicaAndNeedsOneInSync() {
        DesiredTopic declared = new DesiredTopic("payments", 12, 3,
                Map.of("min.insync.replicas", "2", "retention.ms", "1000"), true, DeletionPolicy.Retain);
        DesiredTopic local = LocalTopics.onOneBroker(declared);
        assertThat(local.replicationFactor()).isEqualTo(1);
        assertThat(local.partitions()).isEqualTo(12);
        assertThat(local.config()).containsEntry("min.insync.replicas", "1").containsEntry("retention.ms", "1000");
        assertThat(local.external()).isFalse();
    }

    @Test
    void aSampleDirectoryHoldsOnePipelineWithItsSourcesAndSinks() {
        DevResources clicks = DevResources.load(REPO.resolve("samples/clickstream"));
        assertThat(clicks.label()).isEqualTo("shop/sessionize");
        assertThat(clicks.sources()).containsOnlyKeys("clicks");
        assertThat(clicks.sinks()).containsOnlyKeys("sessions");
        assertThat(List.of(clicks.pipeline().getSpec().sql)).isNotEmpty();
    }
}
