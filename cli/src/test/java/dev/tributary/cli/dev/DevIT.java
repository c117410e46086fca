package dev.tributary.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.local.Postgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs each sample with {@code tributary dev} for a bounded number of records, in its own JVM, and checks what
 * came out: Kafka sink records, webhook POSTs, PostgreSQL rows; a second run resumes from the checkpoint; Ctrl-C
 * stops cleanly, leaving no process behind.
 */
class DevIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_LIMIT = Duration.ofMinutes(4);
    private static final Path REPO = Path.of(System.getProperty("tributary.repo", "..")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of("target", "dev-it").toAbsolutePath();

    @BeforeAll
    static void clean() throws IOException {
        TestFiles.delete(WORK);
    }

    @Test
    void clickstreamSessionsReachTheKafkaSink() throws Exception {
        Path dir = copySample("clickstream");
        // At its own rate (200/s, event time 300x the clock), so 3000 clicks span 75 minutes of event time and
        // 30-minute sessions close; --rate would write them faster but over less event time.
        try (DevProcess dev = DevProcess.start(WORK, dir.toString(), "--max-records", "3000")) {
            assertThat(dev.exitCode(RUN_LIMIT)).as(dev.describe()).isZero();
            List<JsonNode> sessions = json(dev.results("sessions"));
            assertThat(sessions).as(dev.describe()).hasSizeGreaterThan(20);
            long clicks = 0;
            for (JsonNode session : sessions) {
                LocalDateTime start = LocalDateTime.parse(session.get("session_start").asText());
                LocalDateTime end = LocalDateTime.parse(session.get("session_end").asText());
                // A session window ends 30 minutes (of event time) after its last click.
                assertThat(Duration.between(start, end)).isGreaterThanOrEqualTo(Duration.ofMinutes(30));
                assertThat(session.get("clicks").asLong()).isBetween(1L, 3000L);
                assertThat(session.get("distinct_pages").asLong()).isBetween(1L, 7L);
                clicks += session.get("clicks").asLong();
            }
            assertThat(clicks).isLessThanOrEqualTo(3000);
            assertThat(dev.stdout()).anyMatch(l -> l.startsWith("done: all 3000 generated records read"));
        }
    }

    @Test
    void iotAlertsReachTheWebhookAndLateReadingsAreDroppedByTheWindows() throws Exception {
        Path dir = copySample("iot-sensors");
        // Slow enough that the job reads the readings as they are written: at 2,000/s all 4,000 were in the topic
        // before the job started, it read them partition by partition in large batches, and the watermark (the
        // slowest partition's) stayed behind the two-minute-late bursts, so none was late (once in a full run).
        try (DevProcess dev = DevProcess.start(WORK, dir.toString(), "--max-records", "4000", "--rate", "400")) {
            assertThat(dev.exitCode(RUN_LIMIT)).as(dev.describe()).isZero();
            List<JsonNode> alerts = json(dev.results("overheating-alerts"));
            assertThat(alerts).as(dev.describe()).isNotEmpty();
            for (JsonNode alert : alerts) {
                assertThat(alert.get("machine_id").asText()).matches("(press|lathe|mill|robot)-0[1-3]");
                assertThat(alert.get("severity").asText()).isIn("warning", "critical");
                assertThat(alert.get("avg_temperature_c").asDouble() > 75
                        || alert.get("max_vibration_mm_s").asDouble() > 9).as(alert.toString()).isTrue();
                assertThat(alert.has("window_end")).isTrue();
            }
            List<JsonNode> stats = json(dev.results("machine-stats"));
            assertThat(stats).hasSizeGreaterThanOrEqualTo(8);
            assertThat(stats).allSatisfy(s -> assertThat(s.get("readings").asLong()).isPositive());
            String done = dev.stdout().stream().filter(l -> l.startsWith("done: ")).findFirst().orElseThrow();
            Matcher late = Pattern.compile(", (\\d+) late,").matcher(done);
            assertThat(late.find()).as(done).isTrue();
            assertThat(Long.parseLong(late.group(1))).as("late readings counted").isPositive();
            try (Stream<Path> files = Files.list(dir.resolve(".tributary/sinks/readings-archive"))) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(f -> !f.startsWith(".")))
                        .as("committed Parquet files").isNotEmpty();
            }
        }
    }

    @Test
    void fraudMatchesLandInPostgresAndCtrlCStopsTheResumedRunCleanly() throws Exception {
        Path dir = copySample("payment-fraud");
        List<String> printed;
        try (DevProcess dev = DevProcess.start(WORK, dir.toString(), "--max-records", "4000", "--rate", "2000")) {
            assertThat(dev.exitCode(RUN_LIMIT)).as(dev.describe()).isZero();
            printed = dev.results("fraud-alerts");
            assertThat(printed).as(dev.describe()).isNotEmpty();
        }
        Path postgresDir = dir.resolve(".tributary/postgres");
        try (Postgres postgres = Postgres.start(postgresDir)) {
            String rows = postgres.psql("fraud", "SELECT count(*), min(small_payments), min(large_amount),"
                    + " max(small_total / small_payments), count(DISTINCT card_id) FROM public.card_testing_alerts");
            String[] v = rows.strip().split("\\|");
            assertThat(Long.parseLong(v[0])).as("rows in the table").isEqualTo(printed.size());
            assertThat(Long.parseLong(v[1])).as("small payments per match").isGreaterThanOrEqualTo(3);
            assertThat(Double.parseDouble(v[2])).as("the large payment").isGreaterThan(500);
            assertThat(Double.parseDouble(v[3])).as("average small payment").isLessThan(5);
        }

        try (DevProcess dev = DevProcess.start(WORK, dir.toString())) {
            dev.awaitLine("generator: ", RUN_LIMIT);
            assertThat(dev.stdout()).anyMatch(l -> l.startsWith("checkpoint: resuming from "))
                    .anyMatch(l -> l.contains("carrying on from record 4000"));
            // a build started in the background starts everything ignoring SIGINT, and Ctrl-C cannot reach dev then
            assertThat(dev.stdout()).as(dev.describe()).noneMatch(l -> l.startsWith("signals: "));
            Thread.sleep(3000);
            dev.interrupt();
            assertThat(dev.exitCode(Duration.ofMinutes(1))).as(dev.describe()).isEqualTo(130);
            assertThat(dev.stdout()).as(dev.describe()).anyMatch(l -> l.startsWith("stopped: Ctrl-C (SIGINT);"));
            assertThat(processesMentioning(postgresDir.toString())).as("PostgreSQL left running").isEmpty();
            assertThat(ProcessHandle.of(dev.pid())).isEmpty();
        }
    }

    private static List<Long> processesMentioning(String text) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ');
                    if (cmdline.contains(text)) {
                        pids.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return pids;
    }

    private static List<JsonNode> json(List<String> lines) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static Path copySample(String name) throws IOException {
        Path target = WORK.resolve(name);
        TestFiles.delete(target);
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(REPO.resolve("samples").resolve(name))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

}
