package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.CheckpointPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SecretCredentials;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.local.S3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints and savepoints in an S3-compatible object store: a real S3 server (s3proxy) on 127.0.0.1, reached
 * through Flink's S3 file system plugin with an endpoint, path-style addressing and keys from a mounted Secret. An
 * exactly-once Kafka-to-Kafka pipeline checkpoints into the bucket, is killed with SIGKILL mid-stream, comes back
 * with {@code --restore latest} (found by listing the bucket), is stopped with a savepoint into the bucket and
 * started from it; a read_committed consumer then sees every record exactly once.
 */
class S3CheckpointsIT {

    private static final int RECORDS = 60_000;
    private static final int RATE_PER_SECOND = 2_000;
    private static final String BUCKET = "tributary-state";

    @Test
    void checkpointsInAnS3BucketSurviveAKillAndASavepointWithoutLossOrDuplicates() throws Exception {
        Topics topics = Topics.of();
        topics.create(2, "s3.numbers");
        topics.create(2, "s3.out", "s3.dlq");
        Path dir = Services.target().resolve("s3-checkpoints-" + System.currentTimeMillis());
        Path secrets = dir.resolve("secrets");
        Files.createDirectories(secrets.resolve("s3"));
        long started = System.nanoTime();
        try (S3Server s3 = S3Server.start(dir.resolve("s3"))) {
            s3.createBucket(BUCKET);
            Files.writeString(secrets.resolve("s3").resolve("username"), s3.accessKey());
            Files.writeString(secrets.resolve("s3").resolve("password"), s3.secretKey() + "\n");
            String base = "s3://" + BUCKET + "/ckpt/test/s3-checkpoints";
            CheckpointPlan checkpoints = new CheckpointPlan(1000, 60_000, DeliveryGuarantee.EXACTLY_ONCE,
                    base + "/checkpoints", base + "/savepoints", 3, new SecretCredentials("s3", "username", "password"),
                    s3.endpoint(), true);
            PipelinePlan plan = Plans.plan("s3-checkpoints",
                    List.of(Plans.source("numbers", "s3.numbers", RecordFormat.JSON,
                            Plans.fields("n", "BIGINT NOT NULL", "ts", "TIMESTAMP(3)"), "ts", 1000)),
                    List.of(Plans.kafkaSink("s3-checkpoints", "out", "s3.out", List.of())),
                    "INSERT INTO `out` SELECT n, ts FROM numbers;", checkpoints, "s3.dlq", 2);
            // Every piece of operator state its own object (none inlined in _metadata), so the tasks write and the
            // restore reads state files in the bucket, not only the JobManager's metadata.
            plan = new PipelinePlan(plan.version(), plan.namespace(), plan.name(), plan.kafka(), plan.sources(),
                    plan.sinks(), plan.sql(), plan.checkpoints(), plan.deadLetterTopic(), plan.parallelism(),
                    Map.of("execution.checkpointing.data-inline-threshold", "0 b"));

            AtomicInteger produced = new AtomicInteger();
            Thread producer = new Thread(() -> produce(topics, produced), "s3-numbers-producer");
            try (PipelineProcess pipeline = new PipelineProcess(plan, dir, List.of("--secrets-dir", secrets.toString()),
                    List.of(), Map.of("FLINK_PLUGINS_DIR", pluginsDir().toString()))) {
                pipeline.start(null, null);
                producer.start();
                topics.readUntil("s3.out", Duration.ofMinutes(3), r -> r.size() >= RECORDS / 4);
                String beforeKill = awaitCheckpointInBucket(s3, Optional.empty());
                pipeline.kill();
                int committedAtKill = topics.readAll("s3.out").size();
                List<String> objectsAtKill = s3.keys(BUCKET, "ckpt/test/s3-checkpoints/checkpoints/");
                int atKill = produced.get();

                pipeline.start("latest", null);
                String restoreLine = Files.readString(pipeline.log(2)).lines()
                        .filter(l -> l.contains("Restoring from the latest retained checkpoint")).findFirst()
                        .orElseThrow(() -> new AssertionError("the restarted pipeline did not restore; see "
                                + pipeline.log(2)));
                assertThat(restoreLine).contains("s3://" + BUCKET + "/ckpt/test/s3-checkpoints/checkpoints/");
                String afterRestore = awaitCheckpointInBucket(s3, Optional.of(beforeKill));
                topics.readUntil("s3.out", Duration.ofMinutes(3), r -> r.size() >= RECORDS / 2);

                String savepoint = pipeline.stopWithSavepoint(checkpoints.savepointDirectory());
                assertThat(savepoint).startsWith(base + "/savepoints/savepoint-");
                String savepointKey = savepoint.substring(("s3://" + BUCKET + "/").length()) + "/_metadata";
                assertThat(s3.keys(BUCKET, "ckpt/test/s3-checkpoints/savepoints/")).contains(savepointKey);
                pipeline.start(savepoint, null);
                producer.join();

                List<ConsumerRecord<byte[], byte[]>> out = topics.readUntil("s3.out", Duration.ofMinutes(3),
                        r -> r.size() >= RECORDS);
                Thread.sleep(3000);
                out = topics.readAll("s3.out");
                BitSet seen = new BitSet(RECORDS);
                int duplicates = 0;
                for (ConsumerRecord<byte[], byte[]> r : out) {
                    int n = Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8)
                            .replaceAll(".*\"n\":(\\d+).*", "$1"));
                    if (seen.get(n)) {
                        duplicates++;
                    }
                    seen.set(n);
                }
                int missing = RECORDS - seen.cardinality();
                List<String> objects = s3.keys(BUCKET, "ckpt/");
                System.out.printf("[s3] records %d, killed at %d produced and %d committed, with %d checkpoint objects (%d state files)"
                        + " in s3://%s"
                        + " (latest complete %s), restored with --restore latest, next checkpoint %s, savepoint %s;"
                        + " read_committed %d, duplicates %d, missing %d, dead letters %d, %d objects in the bucket"
                        + " at the end, %.0fs%n", RECORDS, atKill, committedAtKill, objectsAtKill.size(),
                        objectsAtKill.stream().filter(k -> !k.endsWith("/_metadata")).count(), BUCKET, beforeKill,
                        afterRestore, savepoint, out.size(), duplicates, missing, topics.readAll("s3.dlq").size(),
                        objects.size(), (System.nanoTime() - started) / 1e9);
                assertThat(objectsAtKill).anyMatch(k -> k.endsWith("/" + beforeKill + "/_metadata"))
                        .as("state files written by the tasks").anyMatch(k -> !k.endsWith("/_metadata"));
                assertThat(committedAtKill).as("killed mid-stream").isLessThan(RECORDS);
                assertThat(duplicates).as("duplicates").isZero();
                assertThat(missing).as("missing").isZero();
                assertThat(out).hasSize(RECORDS);
                assertThat(topics.readAll("s3.dlq")).isEmpty();
                assertThat(Files.readString(pipeline.log(3))).doesNotContain(s3.secretKey());
            } finally {
                producer.interrupt();
            }
        }
    }

    /** The plugins folder the build fills (target/plugins/s3-fs-presto), as the image has /opt/tributary/plugins. */
    private static Path pluginsDir() {
        Path plugins = Path.of(System.getProperty("tributary.plugins", "target/plugins")).toAbsolutePath();
        assertThat(plugins.resolve("s3-fs-presto")).as("the S3 plugin copied by the build's package phase")
                .isDirectory();
        return plugins;
    }

    /**
     * Waits until a complete checkpoint (its {@code _metadata} object) other than {@code known} is in the bucket;
     * returns its folder name, {@code chk-<n>}.
     */
    private static String awaitCheckpointInBucket(S3Server s3, Optional<String> known) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> latest = s3.keys(BUCKET, "ckpt/test/s3-checkpoints/checkpoints/").stream()
                    .filter(k -> k.endsWith("/_metadata")).map(k -> k.split("/")[5])
                    .filter(chk -> chk.startsWith("chk-") && !known.map(chk::equals).orElse(false))
                    .max((a, b) -> Integer.compare(number(a), number(b)));
            if (latest.isPresent() && known.map(k -> number(latest.get()) > number(k)).orElse(true)) {
                return latest.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no new complete checkpoint in s3://" + BUCKET + " within 60s; objects: "
                + s3.keys(BUCKET, ""));
    }

    private static int number(String chk) {
        return Integer.parseInt(chk.substring("chk-".length()));
    }

    private static void produce(Topics topics, AtomicInteger produced) {
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = topics.producer()) {
            for (int n = 0; n < RECORDS; n++) {
                String json = "{\"n\":" + n + ",\"ts\":\"2024-05-01T00:00:00Z\"}";
                producer.send(new ProducerRecord<>("s3.numbers", n % 2, null, json.getBytes(StandardCharsets.UTF_8)));
                produced.incrementAndGet();
                if (n % 500 == 0) {
                    long wait = start + (long) n * 1_000_000_000L / RATE_PER_SECOND - System.nanoTime();
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
}
