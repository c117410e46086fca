package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A sink topic that takes batches smaller than the batches a sink would send by default: the sink's producer batches
 * to the topic's max.message.bytes, so every record arrives (a larger batch would be refused, split into batches of
 * the same size and refused again, until the job failed).
 */
class SmallSinkTopicIT {

    private static final int RECORDS = 30_000;
    private static final int TOPIC_MAX_BYTES = 20_000;

    @Test
    void aSinkTopicWithASmallMaxMessageBytesGetsEveryRecord() throws Exception {
        Topics topics = Topics.of();
        topics.create(2, "smallsink.in", "smallsink.dlq");
        topics.create(2, Map.of("max.message.bytes", String.valueOf(TOPIC_MAX_BYTES)), "smallsink.out");
        String padding = "x".repeat(250);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            values.add("{\"n\":" + i + ",\"pad\":\"" + padding + "\"}");
        }
        topics.produce("smallsink.in", values);

        Path dir = Services.target().resolve("small-sink-" + System.currentTimeMillis());
        PipelinePlan plan = Plans.plan("small-sink",
                List.of(Plans.source("in", "smallsink.in", RecordFormat.JSON,
                        Plans.fields("n", "BIGINT NOT NULL", "pad", "STRING"), null, 0)),
                List.of(Plans.kafkaSink("small-sink", "out", "smallsink.out", List.of())),
                "INSERT INTO `out` SELECT n, pad FROM `in`",
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.AT_LEAST_ONCE), "smallsink.dlq", 2);
        try (InProcess run = InProcess.start(plan, dir)) {
            List<ConsumerRecord<byte[], byte[]>> out = topics.readUntilCountOrQuiet("smallsink.out", RECORDS,
                    Duration.ofSeconds(30), Duration.ofSeconds(120));
            Set<Long> numbers = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : out) {
                numbers.add(Long.parseLong(Topics.text(r.value()).replaceAll(".*\"n\":(\\d+).*", "$1")));
            }
            System.out.printf("[small sink topic] %,d of %,d records arrived in a topic of max.message.bytes %,d%n",
                    numbers.size(), RECORDS, TOPIC_MAX_BYTES);
            assertThat(numbers).hasSize(RECORDS);
            assertThat(topics.readAll("smallsink.dlq")).as("dead letters").isEmpty();
        }
    }
}
