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
import java.util.Set;
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

    /**
     * After a shuffle the source is in another task: a row the query fails on there (each user's largest code cast to
     * INT after the GROUP BY; a null group key for an upsert sink's NOT NULL key) is a dead letter of kind
     * {@code query} with the row as JSON, its kind and the operator, and the job never restarts. Before, it failed
     * the task, which restored, got the row again and failed again, for good ({@code JobRestarting}).
     */
    @Test
    void aRowTheQueryFailsOnAfterAShuffleIsADeadLetterAndTheJobNeverRestarts() throws Exception {
        Topics topics = Topics.of();
        topics.create(2, "qshuf.events", "qshuf.largest", "qshuf.counts", "qshuf.dlq");
        Path dir = Services.target().resolve("qshuf-" + System.currentTimeMillis());
        PipelinePlan plan = Plans.plan("qshuf",
                List.of(Plans.source("events", "qshuf.events", RecordFormat.JSON,
                        Plans.fields("n", "BIGINT NOT NULL", "user_id", "STRING NOT NULL", "code", "STRING", "tag",
                                "STRING", "ts", "TIMESTAMP(3)"), "ts", 1000)),
                List.of(Plans.kafkaSink("qshuf", "largest", "qshuf.largest", List.of("user_id")),
                        Plans.kafkaSink("qshuf", "counts", "qshuf.counts", List.of("tag"))),
                """
                INSERT INTO largest SELECT user_id, CAST(MAX(code) AS INT) AS largest FROM events GROUP BY user_id;
                INSERT INTO counts SELECT tag, COUNT(*) AS c FROM events GROUP BY tag;
                """,
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.EXACTLY_ONCE), "qshuf.dlq", 2);

        int users = 12;
        Set<String> poisoned = Set.of("u3", "u7");
        Map<String, Long> firstPoison = new HashMap<>();
        Map<String, Integer> largest = new TreeMap<>();
        Map<String, Long> counts = new TreeMap<>();
        long nullTags = 0;
        Instant start = Instant.parse("2024-05-01T00:00:00Z");
        try (KafkaProducer<byte[], byte[]> producer = topics.producer()) {
            for (long n = 0; n < RECORDS; n++) {
                String user = "u" + (n % users);
                // fixed width, so that MAX over the strings is the numeric largest; "x…" sorts after every digit
                String code = String.format("%05d", n);
                if (poisoned.contains(user) && n >= RECORDS / 2 && !firstPoison.containsKey(user)) {
                    firstPoison.put(user, n);
                    code = "x" + n;
                }
                String tag = n % 10 == 4 ? null : "t" + (n % 5);
                if (tag == null) {
                    nullTags++;
                } else {
                    counts.merge(tag, 1L, Long::sum);
                }
                if (!poisoned.contains(user)) {
                    largest.put(user, (int) n);
                }
                byte[] value = ("{\"n\":" + n + ",\"user_id\":\"" + user + "\",\"code\":\"" + code + "\",\"tag\":"
                        + (tag == null ? "null" : "\"" + tag + "\"") + ",\"ts\":\"" + start.plusMillis(n * 10) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>("qshuf.events", (int) (n % 2), null, value));
            }
            producer.flush();
        }
        assertThat(firstPoison.keySet()).isEqualTo(poisoned);
        assertThat(nullTags).isPositive();

        try (InProcess run = InProcess.start(plan, dir, RuntimeOptions.forPlan(dir.resolve("plan.json")))) {
            // the last word per key (upsert topics): every clean user's largest code, every tag's count
            Map<String, String> lastLargest = new TreeMap<>();
            topics.readUntil("qshuf.largest", Duration.ofSeconds(120), rs -> {
                rs.forEach(r -> lastLargest.put(Topics.text(r.key()), Topics.text(r.value())));
                return largest.entrySet().stream().allMatch(e -> String.valueOf(lastLargest.get(
                        "{\"user_id\":\"" + e.getKey() + "\"}")).contains("\"largest\":" + e.getValue() + "}"));
            });
            Map<String, String> lastCount = new TreeMap<>();
            topics.readUntil("qshuf.counts", Duration.ofSeconds(60), rs -> {
                rs.forEach(r -> lastCount.put(Topics.text(r.key()), Topics.text(r.value())));
                return counts.entrySet().stream().allMatch(e -> String.valueOf(lastCount.get(
                        "{\"tag\":\"" + e.getKey() + "\"}")).contains("\"c\":" + e.getValue() + "}"));
            });
            Thread.sleep(3000); // the dead letters' transaction commits with the next checkpoint
            List<ConsumerRecord<byte[], byte[]>> deadLetters = topics.readAll("qshuf.dlq");
            double restarts = run.prometheus().sum("flink_jobmanager_job_numRestarts", null, null);
            double counted = run.prometheus().sum(
                    "flink_taskmanager_job_task_operator_tributary_query_error_kind_deadLetters", "error_kind", "query");
            System.out.printf("[query-errors] after a shuffle: %d dead letters (counted %.0f), restarts %.0f%n",
                    deadLetters.size(), counted, restarts);
            assertThat(restarts).as("restarts").isZero();
            assertThat(run.client().getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertThat(counted).as("each dead letter counted").isEqualTo(deadLetters.size());
            assertThat(run.prometheus().has("flink_taskmanager_job_task_operator_tributary_query_deadLetters")
                    && run.prometheus().has("flink_taskmanager_job_task_operator_tributary_query_deadLettersTruncated"))
                    .as("the query's dead-letter metrics pipeline-runtime/README.md documents").isTrue();

            Set<String> castFailed = new java.util.TreeSet<>();
            int nullKeys = 0;
            for (ConsumerRecord<byte[], byte[]> d : deadLetters) {
                String value = Topics.text(d.value());
                String error = header(d, DeadLetter.HEADER_ERROR);
                assertThat(header(d, DeadLetter.HEADER_SOURCE)).as("no source: the row is the query's").isNull();
                assertThat(header(d, DeadLetter.HEADER_ROW_KIND)).isIn("+I", "+U");
                if (error.contains("NumberFormatException")) {
                    assertThat(error).startsWith("the row made the query (");
                    assertThat(header(d, DeadLetter.HEADER_QUERY_OPERATOR)).startsWith("Calc(");
                    String user = value.replaceAll(".*\"user_id\":\"(u\\d+)\".*", "$1");
                    assertThat(user).as("a dead letter of a user whose largest code is no number: %s", value)
                            .isIn(poisoned);
                    assertThat(value).contains("\"x" + firstPoison.get(user) + "\"");
                    castFailed.add(user);
                } else {
                    assertThat(error).startsWith("the row made a sink's constraint fail")
                            .contains("Column 'tag' is NOT NULL").endsWith("An upsert sink's key column needs a value.");
                    assertThat(header(d, DeadLetter.HEADER_QUERY_OPERATOR)).startsWith("ConstraintEnforcer[NotNullEnforcer(fields=[tag])");
                    assertThat(value).contains("\"tag\":null");
                    nullKeys++;
                }
            }
            deadLetters.stream().map(d -> header(d, DeadLetter.HEADER_ERROR).replaceAll("\\d+", "N")).distinct()
                    .forEach(e -> System.out.println("[query-errors] after a shuffle, dead letter: " + e));
            assertThat(castFailed).as("each poisoned user's largest code, dead-lettered").isEqualTo(poisoned);
            assertThat(nullKeys).as("the null tag's counts, dead-lettered").isPositive();
            // a poisoned user's last word is a largest code of its own from before the poison, or none
            for (String user : poisoned) {
                String last = lastLargest.get("{\"user_id\":\"" + user + "\"}");
                if (last != null) {
                    long code = Long.parseLong(last.replaceAll(".*\"largest\":(\\d+).*", "$1"));
                    assertThat(code % users).isEqualTo(Long.parseLong(user.substring(1)));
                    assertThat(code).isLessThan(firstPoison.get(user));
                }
            }
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
