package dev.tributary.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.KafkaSinkPlan;
import dev.tributary.api.v1alpha1.RecordFormat;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The producer batch size a Kafka sink gets. */
class KafkaSinkBatchingTest {

    private static final int ONE_MB = 1048588;

    private static KafkaSinkPlan sink(List<String> keys) {
        return new KafkaSinkPlan("shop.out", RecordFormat.JSON, keys, 900_000, "tributary-shop-p-out");
    }

    private static Properties kafka() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", "kafka:9092");
        return p;
    }

    @Test
    void aSinkWithoutKeysBatchesUpTo128KilobytesOrItsTopicsLimit() {
        assertThat(KafkaSinkBatching.producer(kafka(), sink(List.of()), ONE_MB))
                .containsEntry("batch.size", "131072").containsEntry("bootstrap.servers", "kafka:9092");
        assertThat(KafkaSinkBatching.producer(kafka(), sink(List.of()), 20_000)).containsEntry("batch.size", "20000");
    }

    @Test
    void aKeyedSinkKeepsKafkasBatchSizeAndClientPropertiesTheirsUpToTheTopicsLimit() {
        assertThat(KafkaSinkBatching.producer(kafka(), sink(List.of("user_id")), ONE_MB))
                .containsEntry("batch.size", "16384");
        assertThat(KafkaSinkBatching.producer(kafka(), sink(List.of("user_id")), 10_000))
                .as("a topic that takes less than Kafka's default").containsEntry("batch.size", "10000");
        Properties small = kafka();
        small.setProperty("batch.size", "4096");
        assertThat(KafkaSinkBatching.producer(small, sink(List.of()), ONE_MB)).containsEntry("batch.size", "4096");
        Properties large = kafka();
        large.setProperty("batch.size", "262144");
        assertThat(KafkaSinkBatching.producer(large, sink(List.of()), 20_000))
                .as("the broker would refuse every full batch: capped").containsEntry("batch.size", "20000");
        assertThat(KafkaSinkBatching.producer(large, sink(List.of()), ONE_MB)).containsEntry("batch.size", "262144");
        Properties shared = kafka();
        KafkaSinkBatching.producer(shared, sink(List.of()), ONE_MB);
        assertThat(shared).as("the properties the other clients share").doesNotContainKey("batch.size");
    }
}
