package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.local.FreePorts;
import dev.tributary.runtime.PipelineJob;
import dev.tributary.runtime.PipelineRunner;
import dev.tributary.runtime.RuntimeOptions;
import dev.tributary.runtime.deadletter.DeadLetter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Seven kinds of bad input at 10% of a stream: every bad record reaches the dead-letter topic unchanged with headers
 * saying where it came from and why, every good one reaches the sink, and the job never restarts.
 */
class DeadLettersIT {

    private static final int RECORDS = 10_000;
    private static final int MAX_RECORD_BYTES = 64 * 1024;
    private static final String[] KINDS = {"broken JSON", "wrong type", "missing required field", "oversize record",
        "bad timestamp", "bad encoding", "null value"};
    private static final String[] EXPECTED_ERRORS = {"malformed JSON", "is not a valid BIGINT", "required field 'n' is missing",
        "exceeds the limit of " + MAX_RECORD_BYTES, "is not a valid TIMESTAMP(3)", "UTF-8", "null value"};

    @Test
    void badRecordsGoToTheDeadLetterTopicWithTheirOriginAndTheJobNeverRestarts() throws Exception {
        Topics topics = Topics.of();
        topics.create(2, "dl.events", "dl.out", "dl.dlq");
        Path dir = Services.target().resolve("dead-letters-" + System.currentTimeMillis());
        PipelinePlan plan = Plans.plan("dead-letters",
                List.of(Plans.source("events", "dl.events", RecordFormat.JSON,
                        Plans.fields("n", "BIGINT NOT NULL", "name", "STRING", "ts", "TIMESTAMP(3)"), "ts", 1000)),
                List.of(Plans.kafkaSink("dead-letters", "out", "dl.out", List.of())),
                "INSERT INTO `out` SELECT n, name, ts FROM events",
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.EXACTLY_ONCE), "dl.dlq", 2);

        Map<Integer, byte[]> badValues = new HashMap<>();
        Set<Long> good = new HashSet<>();
        Instant start = Instant.parse("2024-05-01T00:00:00Z");
        List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = topics.producer()) {
            for (int i = 0; i < RECORDS; i++) {
                byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
                byte[] value;
                String ts = start.plusMillis(i * 10L).toString();
                if (i % 10 == 3) {
                    value = bad((i / 10) % KINDS.length, i, ts);
                    badValues.put(i, value);
                } else {
                    value = ("{\"n\":" + i + ",\"name\":\"r" + i + "\",\"ts\":\"" + ts + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
                    good.add((long) i);
                }
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("dl.events", i % 2, key, value);
                record.headers().add("origin", ("test-" + i).getBytes(StandardCharsets.UTF_8));
                sent.add(producer.send(record));
            }
            producer.flush();
        }
        for (java.util.concurrent.Future<?> f : sent) {
            f.get(); // the test's own input must all be in the topic, or nothing after this means anything
        }

        int metricsPort = FreePorts.next();
        RuntimeOptions options = RuntimeOptions.forPlan(dir.resolve("plan.json")).withMetricsPort(String.valueOf(metricsPort))
                .withMaxRecordBytes(MAX_RECORD_BYTES);
        PipelineJob job = PipelineRunner.prepare(plan, options);
        JobClient client = job.start();
        try {
            List<ConsumerRecord<byte[], byte[]>> deadLetters = topics.readUntil("dl.dlq", Duration.ofMinutes(3),
                    r -> r.size() >= badValues.size());
            List<ConsumerRecord<byte[], byte[]>> out = topics.readUntil("dl.out", Duration.ofMinutes(3),
                    r -> r.size() >= good.size());
            Thread.sleep(2000);
            deadLetters = topics.readAll("dl.dlq");
            out = topics.readAll("dl.out");

            assertThat(out.size() + deadLetters.size()).as("sink + dead letters = input").isEqualTo(RECORDS);
            assertThat(out).hasSize(good.size());
            Set<Long> seen = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : out) {
                String json = Topics.text(r.value());
                seen.add(Long.parseLong(json.replaceAll(".*\"n\":(\\d+).*", "$1")));
            }
            assertThat(seen).isEqualTo(good);

            assertThat(deadLetters).hasSize(badValues.size());
            Map<String, Integer> perKind = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> d : deadLetters) {
                int i = Integer.parseInt(Topics.text(d.key()).substring(1));
                int kind = (i / 10) % KINDS.length;
                assertThat(d.value()).as("dead letter %d (%s) is unchanged", i, KINDS[kind]).isEqualTo(badValues.get(i));
                assertThat(header(d, "origin")).isEqualTo("test-" + i);
                assertThat(header(d, DeadLetter.HEADER_TOPIC)).isEqualTo("dl.events");
                assertThat(header(d, DeadLetter.HEADER_PARTITION)).isEqualTo(String.valueOf(i % 2));
                assertThat(header(d, DeadLetter.HEADER_OFFSET)).matches("\\d+");
                assertThat(header(d, DeadLetter.HEADER_SOURCE)).isEqualTo("events");
                assertThat(header(d, DeadLetter.HEADER_ERROR)).as("error of %s", KINDS[kind])
                        .contains(EXPECTED_ERRORS[kind]);
                perKind.merge(KINDS[kind], 1, Integer::sum);
            }
            assertThat(perKind).hasSize(KINDS.length);
            assertThat(perKind.values()).allMatch(n -> n >= RECORDS / 10 / KINDS.length);
            // offsets point at the original records
            assertThat(deadLetters.stream().map(d -> header(d, DeadLetter.HEADER_PARTITION) + "@"
                    + header(d, DeadLetter.HEADER_OFFSET)).distinct().count()).isEqualTo(badValues.size());

            Prometheus prometheus = new Prometheus(metricsPort);
            Set<String> exported = new HashSet<>();
            prometheus.scrape().forEach(m -> exported.add(m.name()));
            assertThat(exported).as("every metric pipeline-runtime/README.md documents (webhook-only ones aside)")
                    .containsAll(documentedMetrics());
            assertThat(prometheus.sum("flink_taskmanager_job_task_operator_tributary_source_deadLetters", "source",
                    "events")).isEqualTo(badValues.size());
            assertThat(prometheus.sum("flink_taskmanager_job_task_operator_tributary_source_error_kind_deadLetters",
                    "source", "events")).as("the dead letters by error kind add up to all of them")
                    .isEqualTo(badValues.size());
            assertThat(prometheus.sum("flink_taskmanager_job_task_operator_tributary_source_error_kind_deadLetters",
                    "error_kind", "tombstone")).as("the tombstones among them").isPositive();
            assertThat(prometheus.sum("flink_taskmanager_job_task_operator_tributary_source_recordsIn", "source",
                    "events")).isEqualTo(RECORDS);
            assertThat(prometheus.sum("flink_taskmanager_job_task_operator_tributary_sink_recordsOut", "sink", "out"))
                    .isEqualTo(good.size());
            assertThat(prometheus.sum("flink_jobmanager_job_numRestarts", null, null)).isZero();
            assertThat(client.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            System.out.printf("[dead letters] input %d, sink %d, dead letters %d (%s), restarts 0%n", RECORDS,
                    out.size(), deadLetters.size(), perKind);
        } finally {
            client.cancel().get();
        }
    }

    /** The metric names in the README's Metrics section, except those only webhook sinks or shuffles have. */
    static Set<String> documentedMetrics() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Metrics"));
        section = section.substring(0, section.indexOf("\n## ", 5));
        Set<String> names = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`(flink_[A-Za-z_]+)`").matcher(section);
        while (m.find()) {
            names.add(m.group(1));
        }
        names.removeIf(n -> n.endsWith("deliveredRecords") || n.endsWith("_retries") || n.endsWith("failedRecords"));
        // only a query with a shuffle has these; QueryErrorsIT checks them
        names.removeIf(n -> n.contains("_tributary_query_"));
        assertThat(names).hasSizeGreaterThan(10);
        return names;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bad(int kind, int i, String ts) {
        return switch (kind) {
            case 0 -> ("{\"n\":" + i + ",\"name\":\"r" + i).getBytes(StandardCharsets.UTF_8);
            case 1 -> ("{\"n\":\"not-a-number\",\"name\":\"r" + i + "\",\"ts\":\"" + ts + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 2 -> ("{\"name\":\"r" + i + "\",\"ts\":\"" + ts + "\"}").getBytes(StandardCharsets.UTF_8);
            case 3 -> ("{\"n\":" + i + ",\"name\":\"" + "x".repeat(2 * MAX_RECORD_BYTES) + "\",\"ts\":\"" + ts + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"n\":" + i + ",\"name\":\"r" + i + "\",\"ts\":\"yesterday at noon\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 5 -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(("{\"n\":" + i + ",\"name\":\"r").getBytes(StandardCharsets.UTF_8));
                out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
                out.writeBytes(("\",\"ts\":\"" + ts + "\"}").getBytes(StandardCharsets.UTF_8));
                yield out.toByteArray();
            }
            default -> null;
        };
    }
}
