package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Late-row routing with {@code CURRENT_WATERMARK(ts)} under Tributary's defaults: the rows routed as late are exactly
 * those the watermark rule makes late, computed here from the data. Records arrive in rounds, each produced once
 * the pipeline has taken the previous one in (so the watermark of the previous round has arrived everywhere); a row
 * is late when its event time is at or behind the watermark after the previous rounds: the largest event time so far
 * minus the watermark delay minus 1 ms (Flink's bounded out-of-orderness rule).
 */
class LateRowsIT {

    private static final int ROUNDS = 5;
    private static final int ON_TIME_PER_ROUND = 200;
    private static final int LATE_PER_ROUND = 20;
    private static final long DELAY_MS = 5_000;

    @Test
    void rowsRoutedAsLateAreExactlyTheRowsBehindTheWatermark() throws Exception {
        Topics topics = Topics.of();
        topics.create(1, "late.events", "late.late", "late.ontime", "late.dlq");
        Path dir = Services.target().resolve("late-rows-" + System.currentTimeMillis());
        PipelinePlan plan = Plans.plan("late-rows",
                List.of(Plans.source("events", "late.events", RecordFormat.JSON,
                        Plans.fields("n", "BIGINT NOT NULL", "ts", "TIMESTAMP(3)"), "ts", DELAY_MS, null)),
                List.of(Plans.kafkaSink("late-rows", "late", "late.late", List.of()),
                        Plans.kafkaSink("late-rows", "ontime", "late.ontime", List.of())),
                """
                INSERT INTO late SELECT n, ts FROM events WHERE ts <= CURRENT_WATERMARK(ts);
                INSERT INTO ontime SELECT n, ts FROM events
                  WHERE CURRENT_WATERMARK(ts) IS NULL OR ts > CURRENT_WATERMARK(ts);
                """,
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.EXACTLY_ONCE), "late.dlq", 1);

        Instant base = Instant.parse("2024-05-01T00:00:00Z");
        Set<Long> expectedLate = new HashSet<>();
        Set<Long> expectedOnTime = new HashSet<>();
        long n = 0;
        long maxSoFar = Long.MIN_VALUE;
        try (InProcess run = InProcess.start(plan, dir);
                KafkaProducer<byte[], byte[]> producer = topics.producer()) {
            for (int round = 0; round < ROUNDS; round++) {
                long watermark = maxSoFar == Long.MIN_VALUE ? Long.MIN_VALUE : maxSoFar - DELAY_MS - 1;
                long roundStart = base.toEpochMilli() + round * 60_000L;
                for (int i = 0; i < ON_TIME_PER_ROUND; i++) {
                    long ts = roundStart + i * 100L;
                    send(producer, n, ts);
                    (watermark != Long.MIN_VALUE && ts <= watermark ? expectedLate : expectedOnTime).add(n++);
                    maxSoFar = Math.max(maxSoFar, ts);
                    if (round > 0 && i % (ON_TIME_PER_ROUND / LATE_PER_ROUND) == 0) {
                        // well behind the previous round's watermark, and some exactly on it
                        long lateTs = i == 0 ? watermark : watermark - 1_000L * (1 + i % 7);
                        send(producer, n, lateTs);
                        (lateTs <= watermark ? expectedLate : expectedOnTime).add(n++);
                    }
                }
                producer.flush();
                long total = n;
                awaitTotal(topics, total);
            }
            Thread.sleep(1500);
            Set<Long> late = numbers(topics.readAll("late.late"));
            Set<Long> onTime = numbers(topics.readAll("late.ontime"));
            System.out.printf("[late rows] %d rows: late sink %d (expected %d), on-time sink %d (expected %d)%n", n,
                    late.size(), expectedLate.size(), onTime.size(), expectedOnTime.size());
            assertThat(expectedLate).hasSize((ROUNDS - 1) * LATE_PER_ROUND);
            assertThat(late).isEqualTo(expectedLate);
            assertThat(onTime).isEqualTo(expectedOnTime);
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, long n, long ts) {
        String json = "{\"n\":" + n + ",\"ts\":" + ts + "}";
        producer.send(new ProducerRecord<>("late.events", 0, null, json.getBytes(StandardCharsets.UTF_8)));
    }

    /** Waits until both sinks together hold {@code total} rows: the pipeline has read everything produced so far. */
    private static void awaitTotal(Topics topics, long total) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (topics.readAll("late.late").size() + topics.readAll("late.ontime").size() < total) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the sinks did not reach " + total + " rows within 60 s");
            }
            Thread.sleep(300);
        }
        // the source emits its watermark every 200 ms: let the last one of this round through
        Thread.sleep(500);
    }

    private static Set<Long> numbers(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<Long> numbers = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String json = Topics.text(r.value());
            numbers.add(Long.parseLong(json.replaceAll(".*\"n\":(\\d+).*", "$1")));
        }
        assertThat(numbers).as("no row twice").hasSize(records.size());
        return numbers;
    }
}
