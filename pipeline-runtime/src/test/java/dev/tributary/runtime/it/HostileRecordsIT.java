package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.runtime.RuntimeOptions;
import dev.tributary.runtime.deadletter.DeadLetter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Records built to hurt (over 1 MiB, deeply nested, huge strings and numbers, invalid UTF-8, a 1 MB key, 1 MB of
 * headers, 10,000 columns) among good ones, in a topic that takes 4 MB records, with a dead-letter topic that
 * takes Kafka's default 1 MB: each hostile record is in the dead-letter topic with its error and sizes (cut to fit
 * when it has to be), every good record is in the sink, and the job never restarts.
 */
class HostileRecordsIT {

    private static final int GOOD = 2_000;
    private static final int SOURCE_TOPIC_MAX = 4 << 20;

    /** kind, expected error, whether the dead letter is cut to fit the dead-letter topic. */
    private record Kind(String name, String error, boolean cut) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("value of 1.1 MB", "exceeds the limit of 1048576", true),
            new Kind("value of 2 MB", "exceeds the limit of 1048576", true),
            new Kind("nested 100,000 deep", "too deeply nested", false),
            new Kind("string of 500 kB in a number column", "is not a valid BIGINT", false),
            new Kind("number of 500 kB digits", "JSON beyond the decoder's limits", false),
            new Kind("invalid UTF-8", "UTF-8", false),
            new Kind("key of 1 MB", "(key 1048576,", true),
            new Kind("headers of 1 MB", "headers 104", true),
            new Kind("10,000 columns", "required field 'n' is missing", false));

    @Test
    void hostileRecordsAreDeadLettersAndTheJobNeverRestarts() throws Exception {
        Topics topics = Topics.of();
        topics.create(2, Map.of("max.message.bytes", String.valueOf(SOURCE_TOPIC_MAX)), "hostile.events");
        topics.create(2, "hostile.out", "hostile.dlq");
        Path dir = Services.target().resolve("hostile-" + System.currentTimeMillis());
        PipelinePlan plan = Plans.plan("hostile",
                List.of(Plans.source("events", "hostile.events", RecordFormat.JSON,
                        Plans.fields("n", "BIGINT NOT NULL", "name", "STRING", "ts", "TIMESTAMP(3)"), "ts", 1000)),
                List.of(Plans.kafkaSink("hostile", "out", "hostile.out", List.of())),
                "INSERT INTO `out` SELECT n, name, ts FROM events",
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.EXACTLY_ONCE), "hostile.dlq", 2);

        Map<String, Integer> hostileValueSizes = new HashMap<>();
        Map<String, Kind> hostileKinds = new HashMap<>();
        Set<Long> good = new HashSet<>();
        Instant start = Instant.parse("2024-05-01T00:00:00Z");
        try (KafkaProducer<byte[], byte[]> producer = topics.producer()) {
            int hostileEvery = GOOD / (KINDS.size() * 2);
            int n = 0;
            for (int i = 0; i < GOOD; i++) {
                String ts = start.plusMillis(i * 10L).toString();
                producer.send(record(i % 2, "k" + i, json(i, "r" + i, ts), "good-" + i));
                good.add((long) i);
                if (i % hostileEvery == hostileEvery - 1) {
                    Kind kind = KINDS.get(n % KINDS.size());
                    String id = "hostile-" + n;
                    ProducerRecord<byte[], byte[]> r = hostile(kind, n % 2, id, ts);
                    hostileValueSizes.put(id, r.value().length);
                    hostileKinds.put(id, kind);
                    producer.send(r);
                    n++;
                }
            }
            producer.flush();
        }
        assertThat(hostileKinds.values()).containsAll(KINDS);

        try (InProcess run = InProcess.start(plan, dir, RuntimeOptions.forPlan(dir.resolve("plan.json")))) {
            topics.readUntilCountOrQuiet("hostile.dlq", hostileKinds.size(), Duration.ofSeconds(30),
                    Duration.ofSeconds(90));
            topics.readUntilCountOrQuiet("hostile.out", GOOD, Duration.ofSeconds(30), Duration.ofSeconds(60));
            Thread.sleep(2000);
            List<ConsumerRecord<byte[], byte[]>> deadLetters = topics.readAll("hostile.dlq");
            List<ConsumerRecord<byte[], byte[]>> out = topics.readAll("hostile.out");
            double restarts = run.prometheus().sum("flink_jobmanager_job_numRestarts", null, null);
            System.out.printf("[hostile] good %d -> sink %d; hostile %d -> dead letters %d; restarts %.0f%n", GOOD,
                    out.size(), hostileKinds.size(), deadLetters.size(), restarts);

            assertThat(restarts).as("restarts").isZero();
            assertThat(run.client().getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            Set<Long> seen = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : out) {
                seen.add(Long.parseLong(Topics.text(r.value()).replaceAll(".*\"n\":(\\d+).*", "$1")));
            }
            assertThat(out).hasSize(GOOD);
            assertThat(seen).isEqualTo(good);

            Set<String> dead = new HashSet<>();
            int cut = 0;
            for (ConsumerRecord<byte[], byte[]> d : deadLetters) {
                String id = header(d, "id");
                Kind kind = hostileKinds.get(id);
                assertThat(kind).as("dead letter %s is one of the hostile records", id).isNotNull();
                assertThat(dead.add(id)).as("%s once", id).isTrue();
                assertThat(header(d, DeadLetter.HEADER_ERROR)).as("error of %s", kind.name()).contains(kind.error());
                assertThat(header(d, DeadLetter.HEADER_VALUE_SIZE)).as("value size of %s", kind.name())
                        .isEqualTo(String.valueOf(hostileValueSizes.get(id)));
                assertThat(header(d, DeadLetter.HEADER_SOURCE)).isEqualTo("events");
                assertThat(d.serializedKeySize() + d.serializedValueSize()).isLessThan(1 << 20);
                boolean wasCut = header(d, DeadLetter.HEADER_VALUE_TRUNCATED) != null
                        || header(d, DeadLetter.HEADER_KEY_TRUNCATED) != null
                        || header(d, DeadLetter.HEADER_HEADERS_DROPPED) != null;
                assertThat(wasCut).as("%s cut to fit", kind.name()).isEqualTo(kind.cut());
                if (kind.name().startsWith("value of")) {
                    assertThat(header(d, DeadLetter.HEADER_VALUE_TRUNCATED)).isEqualTo("true");
                    assertThat(d.value().length).isGreaterThan(1_000_000);
                } else if (kind.name().startsWith("key of")) {
                    assertThat(header(d, DeadLetter.HEADER_KEY_SIZE)).isEqualTo(String.valueOf(1 << 20));
                    assertThat(d.value().length).as("the value is kept whole").isEqualTo(hostileValueSizes.get(id));
                } else if (kind.name().startsWith("headers of")) {
                    assertThat(header(d, DeadLetter.HEADER_HEADERS_DROPPED)).isEqualTo("bloat");
                    assertThat(d.headers().lastHeader("bloat")).isNull();
                    assertThat(d.value().length).isEqualTo(hostileValueSizes.get(id));
                } else {
                    assertThat(d.value().length).isEqualTo(hostileValueSizes.get(id));
                }
                cut += wasCut ? 1 : 0;
            }
            assertThat(dead).isEqualTo(hostileKinds.keySet());
            assertThat(run.prometheus().sum("flink_taskmanager_job_task_operator_tributary_source_deadLetters",
                    "source", "events")).isEqualTo(hostileKinds.size());
            assertThat(run.prometheus().sum(
                    "flink_taskmanager_job_task_operator_tributary_source_deadLettersTruncated", "source", "events"))
                    .isEqualTo(cut);
        }
    }

    private static ProducerRecord<byte[], byte[]> record(int partition, String key, byte[] value, String id) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("hostile.events", partition,
                key.getBytes(StandardCharsets.UTF_8), value);
        r.headers().add("id", id.getBytes(StandardCharsets.UTF_8));
        return r;
    }

    private static byte[] json(long n, String name, String ts) {
        return ("{\"n\":" + n + ",\"name\":\"" + name + "\",\"ts\":\"" + ts + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static ProducerRecord<byte[], byte[]> hostile(Kind kind, int partition, String id, String ts) {
        long n = 1_000_000;
        return switch (kind.name()) {
            case "value of 1.1 MB" -> record(partition, id, json(n, "x".repeat(1_100_000), ts), id);
            case "value of 2 MB" -> record(partition, id, json(n, "y".repeat(2_000_000), ts), id);
            case "nested 100,000 deep" -> record(partition, id, ("{\"n\":1,\"deep\":" + "[".repeat(100_000)
                    + "]".repeat(100_000) + ",\"ts\":\"" + ts + "\"}").getBytes(StandardCharsets.UTF_8), id);
            case "string of 500 kB in a number column" -> record(partition, id, ("{\"n\":\"" + "9".repeat(500_000)
                    + "\",\"ts\":\"" + ts + "\"}").getBytes(StandardCharsets.UTF_8), id);
            case "number of 500 kB digits" -> record(partition, id, ("{\"n\":" + "9".repeat(500_000)
                    + ",\"ts\":\"" + ts + "\"}").getBytes(StandardCharsets.UTF_8), id);
            case "invalid UTF-8" -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes("{\"n\":1,\"name\":\"".getBytes(StandardCharsets.UTF_8));
                out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE});
                out.writeBytes(("\",\"ts\":\"" + ts + "\"}").getBytes(StandardCharsets.UTF_8));
                yield record(partition, id, out.toByteArray(), id);
            }
            case "key of 1 MB" -> {
                byte[] key = new byte[1 << 20];
                Arrays.fill(key, (byte) 'K');
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("hostile.events", partition, key,
                        json(n, "big key", ts));
                r.headers().add("id", id.getBytes(StandardCharsets.UTF_8));
                yield r;
            }
            case "headers of 1 MB" -> {
                ProducerRecord<byte[], byte[]> r = record(partition, id, json(n, "big headers", ts), id);
                r.headers().add("bloat", new byte[1 << 20]);
                yield r;
            }
            case "10,000 columns" -> {
                List<String> columns = new ArrayList<>();
                for (int c = 0; c < 10_000; c++) {
                    columns.add("\"c" + c + "\":" + c);
                }
                yield record(partition, id, ("{" + String.join(",", columns) + "}").getBytes(StandardCharsets.UTF_8),
                        id);
            }
            default -> throw new IllegalArgumentException(kind.name());
        };
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
