package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.local.Postgres;
import dev.tributary.runtime.Checkpoints;
import dev.tributary.runtime.commit.RecoveryAwareCommitter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once under failure. 200,000 numbered records flow through a pipeline with a transactional Kafka sink
 * (every record) and a JDBC upsert sink (a count and sum per key, from keyed state). The pipeline's JVM is killed
 * with SIGKILL mid-stream, again and again, and each time started anew from the latest retained checkpoint found on
 * disk. A read_committed consumer must then see every number exactly once, and the table must hold exactly the
 * counts and sums computed here.
 */
class ExactlyOnceIT {

    private static final int RECORDS = 200_000;
    private static final int KEYS = 100;
    /**
     * Kills at random points of the stream, then one right after a checkpoint completes, racing its commit: two in
     * the default suite, a dozen with {@code -Dtributary.faults.full=true} (bench/).
     */
    private static final int KILLS = Boolean.getBoolean("tributary.faults.full") ? 12 : 2;
    private static final int RATE_PER_SECOND = 5_000;

    @Test
    void killedAndRestoredFromItsLatestCheckpointItLosesAndDuplicatesNothing() throws Exception {
        Topics topics = Topics.of();
        topics.create(4, "eo.numbers");
        topics.create(2, "eo.out", "eo.dlq");
        Postgres postgres = Services.postgres();
        Path dir = Services.target().resolve("exactly-once-" + System.currentTimeMillis());
        Path secrets = dir.resolve("secrets");
        Files.createDirectories(secrets.resolve("pg"));
        Files.writeString(secrets.resolve("pg").resolve("username"), postgres.username());
        Files.writeString(secrets.resolve("pg").resolve("password"), postgres.password() + "\n");

        PipelinePlan plan = Plans.plan("exactly-once",
                List.of(Plans.source("numbers", "eo.numbers", RecordFormat.JSON,
                        Plans.fields("n", "BIGINT NOT NULL", "k", "INT NOT NULL", "ts", "TIMESTAMP(3)"), "ts", 1000)),
                List.of(Plans.kafkaSink("exactly-once", "out", "eo.out", List.of()),
                        Plans.jdbcSink("counts", postgres.jdbcUrl(), "eo_counts", List.of("k"))),
                """
                INSERT INTO `out` SELECT n, k, ts FROM numbers;
                INSERT INTO counts SELECT k, COUNT(*) AS c, SUM(n) AS s FROM numbers GROUP BY k;
                """,
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.EXACTLY_ONCE), "eo.dlq", 2);

        long started = System.nanoTime();
        AtomicInteger produced = new AtomicInteger();
        Thread producer = new Thread(() -> produce(topics, produced), "numbers-producer");
        List<String> restoredFrom = new ArrayList<>();
        Random random = new Random(42);
        try (PipelineProcess pipeline = new PipelineProcess(plan, dir,
                List.of("--secrets-dir", secrets.toString()),
                List.of("-Dorg.slf4j.simpleLogger.log.org.apache.flink.connector.kafka.sink.internal.KafkaCommitter=debug"))) {
            pipeline.start(null, null);
            producer.start();
            int committed = 0;
            for (int kill = 1; kill <= KILLS; kill++) {
                int threshold = RECORDS * kill / (KILLS + 2);
                committed = awaitCommitted(topics, threshold);
                if (!restoredFrom.isEmpty()) {
                    awaitCheckpointOtherThan(plan.checkpoints().directory(), restoredFrom.get(restoredFrom.size() - 1));
                }
                if (kill < KILLS) {
                    Thread.sleep(random.nextInt(900));
                } else {
                    awaitNewCheckpoint(Path.of(java.net.URI.create(plan.checkpoints().directory())));
                }
                pipeline.kill();
                String latest = Checkpoints.latest(plan.checkpoints().directory()).orElseThrow();
                restoredFrom.add(latest);
                System.out.printf("[exactly-once] kill %d at >= %d committed (%d produced): restoring from %s%n",
                        kill, committed, produced.get(), latest);
                // The last restart asks the runtime itself for the latest checkpoint (--restore latest, the
                // operator's last-state upgrade); the others pass the path found here.
                pipeline.start(kill == KILLS ? "latest" : latest, null);
            }
            producer.join();

            List<ConsumerRecord<byte[], byte[]>> out = topics.readUntil("eo.out", Duration.ofMinutes(4),
                    r -> r.size() >= RECORDS);
            Map<Integer, long[]> expected = expectedCounts();
            Map<Integer, long[]> table = awaitTable(postgres, expected);
            Thread.sleep(3000);
            out = topics.readAll("eo.out");

            BitSet seen = new BitSet(RECORDS);
            int duplicates = 0;
            for (ConsumerRecord<byte[], byte[]> r : out) {
                String json = new String(r.value(), StandardCharsets.UTF_8);
                int n = Integer.parseInt(json.replaceAll(".*\"n\":(\\d+).*", "$1"));
                if (seen.get(n)) {
                    duplicates++;
                }
                seen.set(n);
            }
            int missing = RECORDS - seen.cardinality();
            for (int kill = 1; kill <= KILLS; kill++) {
                System.out.println("[exactly-once] kill " + kill + ": " + recovery(pipeline, kill, restoredFrom.get(kill - 1)));
            }
            System.out.printf("[exactly-once] records %d, kills %d, read_committed %d, duplicates %d, missing %d,"
                    + " table rows %d (expected %d), dead letters %d, %.0fs; restored from %s%n", RECORDS, KILLS,
                    out.size(), duplicates, missing, table.size(), expected.size(), topics.readAll("eo.dlq").size(),
                    (System.nanoTime() - started) / 1e9, restoredFrom);
            assertThat(restoredFrom).hasSize(KILLS).doesNotHaveDuplicates();
            assertThat(duplicates).as("duplicates").isZero();
            assertThat(missing).as("missing").isZero();
            assertThat(out).hasSize(RECORDS);
            assertThat(table.keySet()).isEqualTo(expected.keySet());
            for (Map.Entry<Integer, long[]> e : expected.entrySet()) {
                assertThat(table.get(e.getKey())).as("count and sum of key %d", e.getKey()).containsExactly(e.getValue());
            }
            assertThat(topics.readAll("eo.dlq")).isEmpty();
        } finally {
            producer.interrupt();
        }
    }

    private static void produce(Topics topics, AtomicInteger produced) {
        Instant t0 = Instant.parse("2024-05-01T00:00:00Z");
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = topics.producer()) {
            for (int n = 0; n < RECORDS; n++) {
                String json = "{\"n\":" + n + ",\"k\":" + (n % KEYS) + ",\"ts\":\"" + t0.plusMillis(n) + "\"}";
                producer.send(new ProducerRecord<>("eo.numbers", n % 4, null, json.getBytes(StandardCharsets.UTF_8)));
                produced.incrementAndGet();
                if (n % 500 == 0) {
                    long due = start + (long) n * 1_000_000_000L / RATE_PER_SECOND;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until a read_committed consumer sees at least {@code threshold} output records. */
    private static int awaitCommitted(Topics topics, int threshold) {
        return topics.readUntil("eo.out", Duration.ofMinutes(3), r -> r.size() >= threshold).size();
    }

    /**
     * What happened to the Kafka transactions of the checkpoint restored after a kill: committed by the killed
     * process before it died, or committed by the restored one (the recovery path), or found already committed.
     */
    private static String recovery(PipelineProcess pipeline, int kill, String checkpoint) throws java.io.IOException {
        String id = checkpoint.substring(checkpoint.lastIndexOf("chk-") + 4);
        String suffix = "-" + id;
        long before = Files.readString(pipeline.log(kill)).lines()
                .filter(l -> l.contains("Committing Kafka transaction") && l.endsWith(suffix)).count();
        List<String> after = Files.readString(pipeline.log(kill + 1)).lines().toList();
        long alreadyCommitted = after.stream().filter(l -> l.contains(RecoveryAwareCommitter.ALREADY_COMMITTED)
                && l.contains(suffix + " (")).count();
        long recovered = alreadyCommitted + after.stream()
                .filter(l -> l.contains("Committing Kafka transaction") && l.endsWith(suffix)).count();
        long fenced = alreadyCommitted
                + after.stream().filter(l -> l.contains("already fenced") && l.contains(suffix + "'")).count();
        return "checkpoint " + id + ": " + before + " of its transactions committed before the kill, " + recovered
                + " committed again by the restored job, " + fenced + " of those found already committed"
                + (recovered > fenced ? " (recovery commit of pending transactions exercised)" : "");
    }

    /** Waits until the restarted job completed a checkpoint of its own. */
    private static void awaitCheckpointOtherThan(String directory, String restored) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Checkpoints.latest(directory).orElse(restored).equals(restored)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the restarted job completed no checkpoint within 60s");
            }
            Thread.sleep(50);
        }
    }

    /** Returns as soon as a checkpoint newer than those on disk now is complete (its metadata written). */
    static void awaitNewCheckpoint(Path checkpoints) throws Exception {
        java.util.Set<Path> known = completed(checkpoints);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!known.containsAll(completed(checkpoints))) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no new checkpoint within 30s");
    }

    private static java.util.Set<Path> completed(Path checkpoints) throws java.io.IOException {
        java.util.Set<Path> done = new java.util.HashSet<>();
        try (var jobs = Files.list(checkpoints)) {
            for (Path job : jobs.toList()) {
                try (var chks = Files.list(job)) {
                    chks.filter(c -> c.getFileName().toString().startsWith("chk-"))
                            .filter(c -> Files.exists(c.resolve("_metadata"))).forEach(done::add);
                }
            }
        }
        return done;
    }

    private static Map<Integer, long[]> expectedCounts() {
        Map<Integer, long[]> expected = new TreeMap<>();
        for (int n = 0; n < RECORDS; n++) {
            long[] cs = expected.computeIfAbsent(n % KEYS, k -> new long[2]);
            cs[0]++;
            cs[1] += n;
        }
        return expected;
    }

    private static Map<Integer, long[]> awaitTable(Postgres postgres, Map<Integer, long[]> expected)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Map<Integer, long[]> table;
        do {
            table = new TreeMap<>();
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
                    postgres.password()); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT k, c, s FROM eo_counts")) {
                while (rs.next()) {
                    table.put(rs.getInt(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
            if (same(table, expected)) {
                return table;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return table;
    }

    private static boolean same(Map<Integer, long[]> a, Map<Integer, long[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> java.util.Arrays.equals(e.getValue(), b.get(e.getKey())));
    }
}
