package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.runtime.RuntimeOptions;
import dev.tributary.runtime.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Records that decode well but make the query fail at run time ({@code CAST} of a string that is no number, an
 * integer divided by zero): each is a dead letter of kind {@code query} that names the failure, every other record
 * reaches the sink exactly once with the values an independent computation gives, and the job never restarts.
 * Before, the first such record failed the job, which restored, read it again and failed again, for good.
 */
class QueryErrorsIT {

    private static final int RECORDS = 1_500;

    @Test
    void aRecordTheQueryFailsOnIsADeadLetterAndTheJobNeverRestarts() throws Exception {
        Topics topics = Topics.of();
        topics.create(2, "qerr.events", "qerr.out", "qerr.dlq");
        Path dir = Services.target().resolve("qerr-" + System.currentTimeMillis());
        PipelinePlan plan = Plans.plan("qerr",
                List.of(Plans.source("events", "qerr.events", RecordFormat.JSON,
                        Plans.fields("n", "BIGINT NOT NULL", "code", "STRING", "d", "INT", "ts", "TIMESTAMP(3)"), "ts",
                        1000)),
                List.of(Plans.kafkaSink("qerr", "out", "qerr.out", List.of())),
                "INSERT INTO `out` SELECT n, CAST(code AS INT) + 1 AS c, 1000 / d AS q, ts FROM events",
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.EXACTLY_ONCE), "qerr.dlq", 2);

        Map<Long, String> expected = new TreeMap<>();
        Map<Long, String> failing = new HashMap<>();
        Instant start = Instant.parse("2024-05-01T00:00:00Z");
        try (KafkaProducer<byte[], byte[]> producer = topics.producer()) {
            for (long n = 0; n < RECORDS; n++) {
                String code = n % 97 == 5 ? "'n" + n + "'" : String.valueOf(n * 3);
                int d = n % 89 == 7 ? 0 : (int) (n % 10) + 1;
                String ts = start.plusMillis(n * 10).toString();
                byte[] value = ("{\"n\":" + n + ",\"code\":\"" + code + "\",\"d\":" + d + ",\"ts\":\"" + ts + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>("qerr.events", (int) (n % 2), null, value));
                if (code.startsWith("'")) {
                    failing.put(n, "NumberFormat");
                } else if (d == 0) {
                    failing.put(n, "/ by zero");
                } else {
                    expected.put(n, (n * 3 + 1) + "," + (1000 / d));
                }
            }
            producer.flush();
        }
        assertThat(failing.values()).contains("NumberFormat", "/ by zero");

        try (InProcess run = InProcess.start(plan, dir, RuntimeOptions.forPlan(dir.resolve("plan.json")))) {
            topics.readUntilCountOrQuiet("qerr.dlq", failing.size(), Duration.ofSeconds(30), Duration.ofSeconds(90));
            topics.readUntilCountOrQuiet("qerr.out", expected.size(), Duration.ofSeconds(30), Duration.ofSeconds(60));
            Thread.sleep(2000);
            List<ConsumerRecord<byte[], byte[]>> deadLetters = topics.readAll("qerr.dlq");
            List<ConsumerRecord<byte[], byte[]>> out = topics.readAll("qerr.out");
            double restarts = run.prometheus().sum("flink_jobmanager_job_numRestarts", null, null);
            System.out.printf("[query-errors] %d records: sink %d of %d, dead letters %d of %d, restarts %.0f%n",
                    RECORDS, out.size(), expected.size(), deadLetters.size(), failing.size(), restarts);

            assertThat(restarts).as("restarts").isZero();
            assertThat(run.client().getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            Map<Long, String> written = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : out) {
                String json = Topics.text(r.value());
                long n = Long.parseLong(json.replaceAll(".*\"n\":(\\d+).*", "$1"));
                String row = json.replaceAll(".*\"c\":(-?\\d+).*", "$1") + ","
                        + json.replaceAll(".*\"q\":(-?\\d+).*", "$1");
                assertThat(written.put(n, row)).as("record %d written once", n).isNull();
            }
            assertThat(written).isEqualTo(expected);

            Map<Long, String> dead = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> d : deadLetters) {
                String value = Topics.text(d.value());
                long n = Long.parseLong(value.replaceAll(".*\"n\":(\\d+).*", "$1"));
                assertThat(dead.put(n, header(d, DeadLetter.HEADER_ERROR))).as("dead letter %d once", n).isNull();
                assertThat(header(d, DeadLetter.HEADER_SOURCE)).isEqualTo("events");
            }
            dead.values().stream().map(e -> e.replaceAll("\\d+", "N")).distinct()
                    .forEach(e -> System.out.println("[query-errors] dead letter: " + e));
            assertThat(dead.keySet()).isEqualTo(new TreeMap<>(failing).keySet());
            dead.forEach((n, error) -> assertThat(error).as("error of record %d", n)
                    .startsWith("the record made the query (").contains(failing.get(n)));
            assertThat(run.prometheus().sum("flink_taskmanager_job_task_operator_tributary_source_error_kind_deadLetters",
                    "error_kind", "query")).isEqualTo(failing.size());
            assertThat(run.prometheus().sum("flink_taskmanager_job_task_operator_tributary_source_recordsIn", "source",
                    "events")).as("each record counted in once").isEqualTo(RECORDS);
        }
    }

    /**
     * A null in an upsert sink's key column has no row to upsert; Flink's own check (the sink's NOT NULL key) fails
     * on it. Where that check runs chained to the source, the record is a dead letter naming the column, and the
     * job goes on.
     */
    @Test
    void aNullInAnUpsertKeyIsADeadLetterNamingTheColumn() throws Exception {
        Topics topics = Topics.of();
        topics.create(1, "qkey.events", "qkey.out", "qkey.dlq");
        Path dir = Services.target().resolve("qkey-" + System.currentTimeMillis());
        PipelinePlan plan = Plans.plan("qkey",
                List.of(Plans.source("events", "qkey.events", RecordFormat.JSON,
                        Plans.fields("n", "BIGINT NOT NULL", "id", "STRING", "ts", "TIMESTAMP(3)"), "ts", 1000)),
                List.of(Plans.kafkaSink("qkey", "out", "qkey.out", List.of("id"))),
                "INSERT INTO `out` SELECT id, n, ts FROM events",
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.EXACTLY_ONCE), "qkey.dlq", 1);
        int records = 300;
        Map<Long, String> keyed = new TreeMap<>();
        Instant start = Instant.parse("2024-05-01T00:00:00Z");
        try (KafkaProducer<byte[], byte[]> producer = topics.producer()) {
            for (long n = 0; n < records; n++) {
                String id = n % 50 == 9 ? "null" : "\"k" + n + "\"";
                producer.send(new ProducerRecord<>("qkey.events", 0, null, ("{\"n\":" + n + ",\"id\":" + id
                        + ",\"ts\":\"" + start.plusMillis(n * 10) + "\"}").getBytes(StandardCharsets.UTF_8)));
                if (!id.equals("null")) {
                    keyed.put(n, "k" + n);
                }
            }
            producer.flush();
        }
        int nulls = records - keyed.size();
        try (InProcess run = InProcess.start(plan, dir, RuntimeOptions.forPlan(dir.resolve("plan.json")))) {
            topics.readUntilCountOrQuiet("qkey.dlq", nulls, Duration.ofSeconds(30), Duration.ofSeconds(90));
            topics.readUntilCountOrQuiet("qkey.out", keyed.size(), Duration.ofSeconds(30), Duration.ofSeconds(60));
            List<ConsumerRecord<byte[], byte[]>> deadLetters = topics.readAll("qkey.dlq");
            List<ConsumerRecord<byte[], byte[]>> out = topics.readAll("qkey.out");
            double restarts = run.prometheus().sum("flink_jobmanager_job_numRestarts", null, null);
            System.out.printf("[query-errors] upsert key: sink %d of %d, dead letters %d of %d, restarts %.0f: %s%n",
                    out.size(), keyed.size(), deadLetters.size(), nulls, restarts,
                    deadLetters.isEmpty() ? "-" : header(deadLetters.get(0), DeadLetter.HEADER_ERROR));
            assertThat(restarts).as("restarts").isZero();
            Map<Long, String> written = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : out) {
                String json = Topics.text(r.value());
                written.put(Long.parseLong(json.replaceAll(".*\"n\":(\\d+).*", "$1")), Topics.text(r.key())
                        .replaceAll(".*\"id\":\"([^\"]*)\".*", "$1"));
            }
            assertThat(written).isEqualTo(keyed);
            assertThat(deadLetters).hasSize(nulls).allSatisfy(d -> assertThat(header(d, DeadLetter.HEADER_ERROR))
                    .startsWith("the record made a sink's constraint fail").contains("Column 'id' is NOT NULL")
                    .endsWith("An upsert sink's key column needs a value.").doesNotContain("DROP"));
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
