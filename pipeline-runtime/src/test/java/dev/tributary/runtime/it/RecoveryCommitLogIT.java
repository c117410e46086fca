package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.runtime.Checkpoints;
import dev.tributary.runtime.commit.RecoveryAwareCommitter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * An exactly-once pipeline (a Kafka sink and the dead-letter sink) SIGKILLed right after a checkpoint's transactions
 * were committed and restored from that checkpoint, three times: the restored job finds those transactions already
 * committed and says so at INFO, and its log has no "data loss" ERROR; nothing is lost or duplicated.
 */
class RecoveryCommitLogIT {

    private static final int KILLS = 3;

    @Test
    void transactionsCommittedBeforeAKillAreReportedAsSuchNotAsDataLoss() throws Exception {
        Topics topics = Topics.of();
        topics.create(1, "rc.in", "rc.out", "rc.dlq");
        Path dir = Services.target().resolve("recovery-commit-" + System.currentTimeMillis());
        PipelinePlan plan = Plans.plan("recovery-commit",
                List.of(Plans.source("numbers", "rc.in", RecordFormat.JSON, Plans.fields("n", "BIGINT NOT NULL"),
                        null, 0)),
                List.of(Plans.kafkaSink("recovery-commit", "out", "rc.out", List.of())),
                "INSERT INTO `out` SELECT n FROM numbers",
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.EXACTLY_ONCE), "rc.dlq", 1);
        Path checkpoints = Path.of(java.net.URI.create(plan.checkpoints().directory()));

        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicInteger produced = new AtomicInteger();
        Set<Long> good = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread producer = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> p = topics.producer()) {
                for (long n = 0; producing.get(); n++) {
                    String value = n % 20 == 7 ? "{\"n\":\"bad\"}" : "{\"n\":" + n + "}";
                    if (n % 20 != 7) {
                        good.add(n);
                    }
                    p.send(new ProducerRecord<>("rc.in", value.getBytes(StandardCharsets.UTF_8)));
                    produced.incrementAndGet();
                    if (n % 10 == 0) {
                        Thread.sleep(25);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rc-producer");

        List<String> restoredFrom = new ArrayList<>();
        try (PipelineProcess pipeline = new PipelineProcess(plan, dir, List.of())) {
            pipeline.start(null, null);
            producer.start();
            for (int kill = 1; kill <= KILLS; kill++) {
                ExactlyOnceIT.awaitNewCheckpoint(checkpoints);
                ExactlyOnceIT.awaitNewCheckpoint(checkpoints);
                // the checkpoint's transactions are committed as soon as it completes; kill before the next one
                Thread.sleep(300);
                pipeline.kill();
                String latest = Checkpoints.latest(plan.checkpoints().directory()).orElseThrow();
                restoredFrom.add(latest);
                pipeline.start(latest, null);
            }
            ExactlyOnceIT.awaitNewCheckpoint(checkpoints);
            producing.set(false);
            producer.join();
            List<ConsumerRecord<byte[], byte[]>> out = topics.readUntilCountOrQuiet("rc.out", good.size(),
                    Duration.ofSeconds(20), Duration.ofMinutes(2));
            List<ConsumerRecord<byte[], byte[]>> dlq = topics.readUntilCountOrQuiet("rc.dlq",
                    produced.get() - good.size(), Duration.ofSeconds(20), Duration.ofMinutes(1));

            int alreadyCommitted = 0;
            List<String> dataLoss = new ArrayList<>();
            for (int start = 2; start <= KILLS + 1; start++) {
                for (String line : Files.readAllLines(pipeline.log(start))) {
                    if (line.contains(RecoveryAwareCommitter.ALREADY_COMMITTED)) {
                        alreadyCommitted++;
                        assertThat(line).contains("INFO");
                    }
                    if (line.contains("data loss") || line.contains("data has been potentially lost")) {
                        dataLoss.add(line);
                    }
                }
            }
            Set<Long> seen = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : out) {
                seen.add(Long.parseLong(Topics.text(r.value()).replaceAll(".*\"n\":(\\d+).*", "$1")));
            }
            System.out.printf("[recovery commit] %d kills (restored from %s); %d transactions found already"
                    + " committed; %d data-loss lines; out %d of %d good, dead letters %d of %d%n", KILLS,
                    restoredFrom, alreadyCommitted, dataLoss.size(), out.size(), good.size(), dlq.size(),
                    produced.get() - good.size());
            assertThat(dataLoss).as("no data-loss ERROR after a restore that lost nothing").isEmpty();
            assertThat(alreadyCommitted).as("restored transactions recognised as already committed")
                    .isPositive();
            assertThat(out).as("exactly once").hasSize(good.size());
            assertThat(seen).isEqualTo(good);
            assertThat(dlq).hasSize(produced.get() - good.size());
        } finally {
            producing.set(false);
            producer.join();
        }
    }
}
