package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.api.plan.FieldPlan;
import dev.tributary.api.plan.FilesystemSinkPlan;
import dev.tributary.api.plan.JdbcSinkPlan;
import dev.tributary.api.plan.KafkaSinkPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SecretCredentials;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.plan.WebhookSinkPlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.FilesystemSinkSpec;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.api.v1alpha1.SinkType;
import dev.tributary.local.Postgres;
import dev.tributary.runtime.RuntimeOptions;
import dev.tributary.runtime.deadletter.DeadLetter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Rows that do not fit a sink's declared columns, into every sink type in one job: computed strings of every length
 * around a VARCHAR(3) and a CHAR(3), a bare VARCHAR, and nulls in a NOT NULL column. What fits arrives unchanged in
 * Kafka, PostgreSQL, files and a webhook; what does not is in the dead-letter topic with the sink and the column
 * named, whole; nothing is cut or dropped. The webhook's receiver refuses some rows with 500 and never answers one:
 * after their retries they are dead letters too, and the job keeps running without a restart.
 */
class SinkGuardIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 120;
    private static final int LIMIT = 3;
    private static final int HANGING_ID = 2;

    private static final List<FieldPlan> DECLARED = Plans.fields("id", "BIGINT NOT NULL", "code", "VARCHAR(3)",
            "flag", "CHAR(3)", "label", "VARCHAR", "note", "STRING NOT NULL");

    /** The row for {@code id}: what the query computes, and whether (and why not) it fits the declared columns. */
    record Expected(long id, String code, String flag, String label, String note) {
        static Expected of(long id) {
            int n = (int) (id % (LIMIT + 3));
            return new Expected(id, "abcdefgh".substring(0, n), "ABCDEFGH".substring(0, n), String.valueOf(id + 300),
                    id % 7 == 3 ? null : "note-" + id);
        }

        String violatedColumn() {
            return code.length() > LIMIT ? "code" : note == null ? "note" : null;
        }

        boolean refusedByReceiver() {
            return violatedColumn() == null && (id % 10 == 1 || id == HANGING_ID);
        }
    }

    @Test
    void rowsThatDoNotFitTheirSinkAreDeadLetteredWholeWithTheColumnNamedAndTheRestArriveUnchanged() throws Exception {
        Topics topics = Topics.of();
        topics.create(1, "sg.events", "sg.out", "sg.dlq");
        Path dir = Services.target().resolve("sink-guard-" + System.currentTimeMillis());
        Postgres postgres = Services.postgres();
        Path secrets = dir.resolve("secrets");
        Files.createDirectories(secrets.resolve("pg"));
        Files.writeString(secrets.resolve("pg").resolve("username"), postgres.username());
        Files.writeString(secrets.resolve("pg").resolve("password"), postgres.password() + "\n");
        String table = "sg_out_" + System.currentTimeMillis();

        Map<Long, String> delivered = new ConcurrentHashMap<>();
        Map<Long, Integer> attempts = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long id = JSON.readTree(body).get("id").asLong();
            attempts.merge(id, 1, Integer::sum);
            if (id == HANGING_ID) {
                try {
                    Thread.sleep(2_500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = Expected.of(id).refusedByReceiver() ? 500 : 200;
            if (status == 200) {
                delivered.put(id, body);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();

        List<SinkPlan> sinks = List.of(
                new SinkPlan("to_kafka", SinkType.KAFKA, new KafkaSinkPlan("sg.out", RecordFormat.JSON, List.of(),
                        Plans.TRANSACTION_TIMEOUT_MS, "tributary-test-sg-to_kafka"), null, null, null, DECLARED),
                new SinkPlan("to_postgres", SinkType.JDBC, null, new JdbcSinkPlan(postgres.jdbcUrl(), table,
                        new SecretCredentials("pg", "username", "password"), List.of("id"), 50, 200), null, null,
                        DECLARED),
                new SinkPlan("to_files", SinkType.FILESYSTEM, null, null, new FilesystemSinkPlan(
                        dir.resolve("files").toUri().toString(), FilesystemSinkSpec.Format.JSON, 1_000, null), null,
                        DECLARED),
                new SinkPlan("to_hook", SinkType.WEBHOOK, null, null, null, new WebhookSinkPlan(
                        "http://127.0.0.1:" + server.getAddress().getPort() + "/hook", null, 2, 1_000), DECLARED));
        StringBuilder sql = new StringBuilder();
        for (SinkPlan sink : sinks) {
            sql.append("INSERT INTO ").append(sink.name()).append(" SELECT id, SUBSTRING('abcdefgh' FROM 1 FOR n),"
                    + " SUBSTRING('ABCDEFGH' FROM 1 FOR n), CAST(id + 300 AS STRING), note FROM events;\n");
        }
        PipelinePlan plan = Plans.plan("sink-guard",
                List.of(Plans.source("events", "sg.events", RecordFormat.JSON,
                        Plans.fields("id", "BIGINT NOT NULL", "n", "INT", "note", "STRING"), null, 0)),
                sinks, sql.toString(), Plans.checkpoints(dir, 1000, DeliveryGuarantee.EXACTLY_ONCE), "sg.dlq", 1);

        List<String> events = new ArrayList<>();
        Map<Long, Expected> fits = new TreeMap<>();
        Map<Long, Expected> misfits = new TreeMap<>();
        int refused = 0;
        for (long id = 0; id < ROWS; id++) {
            Expected e = Expected.of(id);
            events.add("{\"id\":" + id + ",\"n\":" + e.code().length() + ",\"note\":"
                    + (e.note() == null ? "null" : "\"" + e.note() + "\"") + "}");
            (e.violatedColumn() == null ? fits : misfits).put(id, e);
            refused += e.refusedByReceiver() ? 1 : 0;
        }
        int expectedDeadLetters = 4 * misfits.size() + refused;

        try (InProcess pipeline = InProcess.start(plan, dir,
                RuntimeOptions.forPlan(dir.resolve("plan.json")).withSecretsDir(secrets))) {
            topics.produce("sg.events", events);
            topics.readUntilCountOrQuiet("sg.dlq", expectedDeadLetters, Duration.ofSeconds(30), Duration.ofMinutes(2));
            topics.readUntilCountOrQuiet("sg.out", fits.size(), Duration.ofSeconds(10), Duration.ofMinutes(1));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while ((files(dir.resolve("files")).size() < fits.size() || postgresRows(postgres, table).size()
                    < fits.size()) && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            Thread.sleep(2000);

            List<ConsumerRecord<byte[], byte[]>> deadLetters = topics.readAll("sg.dlq");
            Map<String, List<Long>> perSink = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> d : deadLetters) {
                String sink = header(d, DeadLetter.HEADER_SINK);
                JsonNode row = JSON.readTree(d.value());
                long id = row.get("id").asLong();
                Expected e = Expected.of(id);
                perSink.computeIfAbsent(sink, s -> new ArrayList<>()).add(id);
                assertThat(row.get("code").asText()).as("the dead letter holds the whole value").isEqualTo(e.code());
                assertThat(header(d, DeadLetter.HEADER_SOURCE)).isNull();
                if (e.violatedColumn() == null) {
                    assertThat(sink).isEqualTo("to_hook");
                    assertThat(header(d, DeadLetter.HEADER_SINK_COLUMN)).isNull();
                    assertThat(header(d, DeadLetter.HEADER_ERROR)).contains(id == HANGING_ID
                            ? "no answer within 1000 ms after 2 retries" : "answered HTTP 500 after 2 retries");
                    continue;
                }
                assertThat(header(d, DeadLetter.HEADER_SINK_COLUMN)).isEqualTo(e.violatedColumn());
                assertThat(header(d, DeadLetter.HEADER_ERROR)).isEqualTo(e.violatedColumn().equals("code")
                        ? "column 'code' is VARCHAR(3) but the value has " + e.code().length() + " characters"
                        : "column 'note' is STRING NOT NULL but the value is null");
            }
            assertThat(deadLetters).as("per sink every misfit (%d), plus the rows the receiver refused (%d): %s",
                    misfits.size(), refused, perSink).hasSize(expectedDeadLetters);
            for (String sink : List.of("to_kafka", "to_postgres", "to_files")) {
                assertThat(perSink.get(sink)).as(sink).containsExactlyInAnyOrderElementsOf(misfits.keySet());
            }
            assertThat(perSink.get("to_hook")).hasSize(misfits.size() + refused).doesNotHaveDuplicates();
            assertThat(attempts.get(1L)).as("a refused row is tried 1 + 2 times").isEqualTo(3);
            assertThat(attempts.get((long) HANGING_ID)).as("so is one never answered in time").isEqualTo(3);

            assertArrivedUnchanged("Kafka", topics.readAll("sg.out").stream().map(r -> Topics.text(r.value()))
                    .toList(), fits);
            assertArrivedUnchanged("files", files(dir.resolve("files")), fits);
            assertArrivedUnchanged("PostgreSQL", postgresRows(postgres, table), fits);
            Map<Long, Expected> deliverable = new TreeMap<>(fits);
            deliverable.values().removeIf(Expected::refusedByReceiver);
            assertArrivedUnchanged("webhook", List.copyOf(delivered.values()), deliverable);

            Prometheus metrics = pipeline.prometheus();
            for (SinkPlan sink : sinks) {
                assertThat(metrics.sum("flink_taskmanager_job_task_operator_tributary_sink_deadLetters", "sink",
                        sink.name())).as(sink.name()).isEqualTo(misfits.size()
                                + (sink.type() == SinkType.WEBHOOK ? refused : 0));
                assertThat(metrics.sum("flink_taskmanager_job_task_operator_tributary_sink_recordsOut", "sink",
                        sink.name())).as(sink.name()).isEqualTo(fits.size());
            }
            assertThat(metrics.sum("flink_jobmanager_job_numRestarts", null, null)).isZero();
            assertThat(pipeline.client().getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            System.out.printf("[sink guard] %d rows into 4 sinks: %d fit and arrived unchanged in each, %d misfits"
                    + " dead-lettered per sink (%s), webhook: %d refused after retries dead-lettered; %d dead letters,"
                    + " 0 restarts%n", ROWS, fits.size(), misfits.size(), misfits.keySet(), refused,
                    deadLetters.size());
        } finally {
            server.stop(0);
        }
    }

    /** Every fitting row exactly once, every value byte-equal to what the query computed (nothing cut or padded). */
    private static void assertArrivedUnchanged(String where, List<String> jsonRows, Map<Long, Expected> expected)
            throws IOException {
        Map<Long, Expected> seen = new HashMap<>();
        for (String json : jsonRows) {
            JsonNode row = JSON.readTree(json);
            Expected e = new Expected(row.get("id").asLong(), row.get("code").asText(), row.get("flag").asText(),
                    row.get("label").asText(), row.get("note").isNull() ? null : row.get("note").asText());
            assertThat(seen.put(e.id(), e)).as("%s: row %d once", where, e.id()).isNull();
        }
        assertThat(seen).as(where).isEqualTo(expected);
    }

    private static List<String> postgresRows(Postgres postgres, String table) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
                Statement s = c.createStatement()) {
            if (!c.getMetaData().getTables(null, null, table, null).next()) {
                return rows;
            }
            try (ResultSet rs = s.executeQuery("SELECT id, code, flag, label, note FROM " + table)) {
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    row.put("id", rs.getLong(1));
                    row.put("code", rs.getString(2));
                    row.put("flag", rs.getString(3));
                    row.put("label", rs.getString(4));
                    row.put("note", rs.getString(5));
                    rows.add(JSON.writeValueAsString(row));
                }
            }
        }
        return rows;
    }

    /** The rows of the committed JSON files (Flink keeps unfinished ones hidden behind a leading dot). */
    private static List<String> files(Path dir) throws IOException {
        List<String> rows = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return rows;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                Files.readAllLines(f).stream().filter(l -> !l.isBlank()).forEach(rows::add);
            }
        }
        return rows;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
