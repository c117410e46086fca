package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.KafkaConnectionPlan;
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
        everyRecordArrives("smallsink", Map.of());
    }

    @Test
    void soDoesItWhenTheClientPropertiesAskForLargerBatches() throws Exception {
        everyRecordArrives("smallsink-set", Map.of("batch.size", "262144"));
    }

    private static void everyRecordArrives(String prefix, Map<String, String> clientProperties) throws Exception {
        Topics topics = Topics.of();
        topics.create(2, prefix + ".in", prefix + ".dlq");
        topics.create(2, Map.of("max.message.bytes", String.valueOf(TOPIC_MAX_BYTES)), prefix + ".out");
        String padding = "x".repeat(250);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            values.add("{\"n\":" + i + ",\"pad\":\"" + padding + "\"}");
        }
        topics.produce(prefix + ".in", values);

        Path dir = Services.target().resolve(prefix + "-" + System.currentTimeMillis());
        PipelinePlan planned = Plans.plan(prefix,
                List.of(Plans.source("in", prefix + ".in", RecordFormat.JSON,
                        Plans.fields("n", "BIGINT NOT NULL", "pad", "STRING"), null, 0)),
                List.of(Plans.kafkaSink(prefix, "out", prefix + ".out", List.of())),
                "INSERT INTO `out` SELECT n, pad FROM `in`",
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.AT_LEAST_ONCE), prefix + ".dlq", 2);
        PipelinePlan plan = new PipelinePlan(planned.version(), planned.namespace(), planned.name(),
                new KafkaConnectionPlan(planned.kafka().bootstrapServers(), clientProperties, null, null),
                planned.sources(), planned.sinks(), planned.sql(), planned.checkpoints(), planned.deadLetterTopic(),
                planned.parallelism(), planned.flinkConfiguration());
        try (InProcess run = InProcess.start(plan, dir)) {
            List<ConsumerRecord<byte[], byte[]>> out = topics.readUntilCountOrQuiet(prefix + ".out", RECORDS,
                    Duration.ofSeconds(30), Duration.ofSeconds(120));
            Set<Long> numbers = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : out) {
                numbers.add(Long.parseLong(Topics.text(r.value()).replaceAll(".*\"n\":(\\d+).*", "$1")));
            }
            System.out.printf("[small sink topic] %,d of %,d records arrived in a topic of max.message.bytes %,d (client %s)%n",
                    numbers.size(), RECORDS, TOPIC_MAX_BYTES, clientProperties);
            assertThat(numbers).hasSize(RECORDS);
            assertThat(topics.readAll(prefix + ".dlq")).as("dead letters").isEmpty();
        }
    }
}
