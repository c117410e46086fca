package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.api.plan.FilesystemSinkPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SecretKeyPlan;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.plan.WebhookSinkPlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.FilesystemSinkSpec;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.api.v1alpha1.SinkType;
import dev.tributary.runtime.RuntimeOptions;
import dev.tributary.runtime.deadletter.DeadLetter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;

/**
 * The filesystem sink (JSON lines and Parquet, rolling files made visible by checkpoints) and the webhook sink (one
 * POST per row, Authorization from a Secret, retries with backoff, permanent failures counted and dead-lettered
 * without failing the job).
 */
class SinksIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 500;

    @Test
    void filesystemSinksCommitJsonAndParquetFilesAndWebhooksPostEachAlertWithRetries() throws Exception {
        Topics topics = Topics.of();
        topics.create(2, "sk.events");
        topics.create(1, "sk.dlq");
        Path dir = Services.target().resolve("sinks-" + System.currentTimeMillis());
        Path secrets = dir.resolve("secrets");
        Files.createDirectories(secrets.resolve("hook"));
        Files.writeString(secrets.resolve("hook").resolve("authorization"), "Bearer s3cret\n");

        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> authorizations = new CopyOnWriteArrayList<>();
        Map<String, Integer> attempts = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/alerts", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int attempt = attempts.merge(body, 1, Integer::sum);
            // every alert is refused twice (503) before it is accepted
            int status = attempt <= 2 ? 503 : 200;
            if (status == 200) {
                bodies.add(body);
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.createContext("/broken", exchange -> {
            refused.incrementAndGet();
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();

        PipelinePlan plan = Plans.plan("sinks",
                List.of(Plans.source("events", "sk.events", RecordFormat.JSON,
                        Plans.fields("id", "BIGINT NOT NULL", "name", "STRING", "amount", "DECIMAL(10, 2)",
                                "ts", "TIMESTAMP(3)"), "ts", 1000)),
                List.of(files("json_files", dir.resolve("json"), FilesystemSinkSpec.Format.JSON),
                        files("parquet_files", dir.resolve("parquet"), FilesystemSinkSpec.Format.PARQUET),
                        webhook("alerts", base + "/alerts", new SecretKeyPlan("hook", "authorization")),
                        webhook("broken", base + "/broken", null)),
                """
                INSERT INTO json_files SELECT id, name, amount, ts FROM events;
                INSERT INTO parquet_files SELECT id, name, amount, ts FROM events;
                INSERT INTO alerts SELECT id, name FROM events WHERE id % 50 = 0;
                INSERT INTO broken SELECT id FROM events WHERE id % 100 = 0;
                """,
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.EXACTLY_ONCE), "sk.dlq", 2);

        List<String> events = new ArrayList<>();
        Instant t0 = Instant.parse("2024-05-01T00:00:00Z");
        for (int i = 0; i < RECORDS; i++) {
            events.add("{\"id\":" + i + ",\"name\":\"n" + i + "\",\"amount\":" + i + ".25,\"ts\":\""
                    + t0.plusSeconds(i) + "\"}");
        }
        try (InProcess pipeline = InProcess.start(plan, dir,
                RuntimeOptions.forPlan(dir.resolve("plan.json")).withSecretsDir(secrets))) {
            topics.produce("sk.events", events);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while ((jsonIds(dir.resolve("json")).size() < RECORDS || parquetIds(dir.resolve("parquet")).size() < RECORDS
                    || bodies.size() < RECORDS / 50 || refused.get() < RECORDS / 100)
                    && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            Thread.sleep(2000);
            List<Long> json = jsonIds(dir.resolve("json"));
            List<Long> parquet = parquetIds(dir.resolve("parquet"));
            assertThat(json).hasSize(RECORDS).doesNotHaveDuplicates();
            assertThat(parquet).hasSize(RECORDS).doesNotHaveDuplicates();
            assertThat(inProgress(dir.resolve("json"))).as("no committed file is still in progress")
                    .allMatch(name -> name.startsWith("."));

            assertThat(bodies).hasSize(RECORDS / 50).doesNotHaveDuplicates();
            for (String body : bodies) {
                JsonNode alert = JSON.readTree(body);
                assertThat(alert.get("id").asLong() % 50).isZero();
                assertThat(alert.get("name").asText()).isEqualTo("n" + alert.get("id").asLong());
            }
            assertThat(authorizations).containsOnly("Bearer s3cret");
            assertThat(attempts.values()).containsOnly(3);

            Prometheus metrics = pipeline.prometheus();
            assertThat(metrics.sum("flink_taskmanager_job_task_operator_tributary_sink_deliveredRecords", "sink",
                    "alerts")).isEqualTo(RECORDS / 50);
            assertThat(metrics.sum("flink_taskmanager_job_task_operator_tributary_sink_retries", "sink", "alerts"))
                    .isEqualTo(2.0 * RECORDS / 50);
            assertThat(metrics.sum("flink_taskmanager_job_task_operator_tributary_sink_failedRecords", "sink",
                    "broken")).as("400 is permanent: given up at once, counted").isEqualTo(RECORDS / 100);
            assertThat(refused.get()).as("a permanent failure is not retried").isEqualTo(RECORDS / 100);
            List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> deadLetters =
                    topics.readUntil("sk.dlq", Duration.ofSeconds(30), r -> r.size() >= RECORDS / 100);
            assertThat(deadLetters).as("given up, then dead-lettered").hasSize(RECORDS / 100).allSatisfy(d -> {
                assertThat(new String(d.headers().lastHeader(DeadLetter.HEADER_SINK).value(), StandardCharsets.UTF_8))
                        .isEqualTo("broken");
                assertThat(new String(d.headers().lastHeader(DeadLetter.HEADER_ERROR).value(), StandardCharsets.UTF_8))
                        .endsWith("/broken answered HTTP 400 after 0 retries");
                assertThat(JSON.readTree(d.value()).get("id").asLong() % 100).isZero();
            });
            assertThat(metrics.sum("flink_taskmanager_job_task_operator_tributary_sink_recordsOut", "sink",
                    "parquet_files")).isEqualTo(RECORDS);
            assertThat(metrics.sum("flink_jobmanager_job_numRestarts", null, null)).isZero();
            System.out.printf("[sinks] %d records: %d in committed JSON files, %d in committed Parquet files;"
                    + " webhook: %d alerts delivered after 2 refusals each, %d permanent failures counted,"
                    + " 0 restarts%n", RECORDS, json.size(), parquet.size(), bodies.size(), refused.get());
        } finally {
            server.stop(0);
        }
    }

    private static SinkPlan files(String name, Path path, FilesystemSinkSpec.Format format) {
        return new SinkPlan(name, SinkType.FILESYSTEM, null, null,
                new FilesystemSinkPlan(path.toUri().toString(), format, 2_000, null), null, List.of());
    }

    private static SinkPlan webhook(String name, String url, SecretKeyPlan authorization) {
        return new SinkPlan(name, SinkType.WEBHOOK, null, null, null,
                new WebhookSinkPlan(url, authorization, 3, 5_000), List.of());
    }

    /** Finished part files: Flink keeps in-progress and pending files hidden (a leading dot). */
    private static List<Path> committed(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(".")
                            && f.getFileName().toString().startsWith("part-"))
                    .toList();
        }
    }

    private static List<String> inProgress(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(n -> n.contains("inprogress")).toList();
        }
    }

    private static List<Long> jsonIds(Path dir) throws IOException {
        List<Long> ids = new ArrayList<>();
        for (Path file : committed(dir)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    ids.add(JSON.readTree(line).get("id").asLong());
                }
            }
        }
        return ids;
    }

    private static List<Long> parquetIds(Path dir) throws IOException {
        List<Long> ids = new ArrayList<>();
        for (Path file : committed(dir)) {
            try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
                MessageType schema = reader.getFooter().getFileMetaData().getSchema();
                PageReadStore rowGroup;
                while ((rowGroup = reader.readNextRowGroup()) != null) {
                    MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
                    RecordReader<Group> records = io.getRecordReader(rowGroup, new GroupRecordConverter(schema));
                    for (long i = 0; i < rowGroup.getRowCount(); i++) {
                        ids.add(records.read().getLong("id", 0));
                    }
                }
            }
        }
        return ids;
    }
}
