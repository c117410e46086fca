package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * An upgrade as the operator performs it: stop with a savepoint through Flink's REST API, start again from the
 * savepoint with another parallelism, and the keyed state (counts per user) carries on where it stopped.
 */
class SavepointIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int USERS = 10;
    private static final int PER_USER = 100;

    @Test
    void stopWithSavepointChangeParallelismRestoreAndCountsCarryOver() throws Exception {
        Topics topics = Topics.of();
        topics.create(4, "sp.clicks");
        topics.create(1, "sp.totals", "sp.dlq");
        Path dir = Services.target().resolve("savepoint-" + System.currentTimeMillis());
        PipelinePlan plan = Plans.plan("savepoint",
                List.of(Plans.source("clicks", "sp.clicks", RecordFormat.JSON,
                        Plans.fields("user_id", "STRING NOT NULL", "ts", "TIMESTAMP(3)"), "ts", 1000)),
                List.of(Plans.kafkaSink("savepoint", "totals", "sp.totals", List.of("user_id"))),
                "INSERT INTO totals SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id",
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.EXACTLY_ONCE), "sp.dlq", 1);

        try (PipelineProcess pipeline = new PipelineProcess(plan, dir, List.of())) {
            pipeline.start(null, 1);
            assertThat(pipeline.vertexParallelism()).containsOnly(1);
            topics.produce("sp.clicks", clicks(0));
            awaitTotals(topics, PER_USER);

            String savepoint = pipeline.stopWithSavepoint(plan.checkpoints().savepointDirectory());
            assertThat(pipeline.lastExitCode()).as("the job finished, so PipelineMain exited with 0").isZero();
            assertThat(Path.of(java.net.URI.create(savepoint)).resolve("_metadata")).exists();

            topics.produce("sp.clicks", clicks(1));
            pipeline.start(savepoint, 2);
            assertThat(pipeline.vertexParallelism()).contains(2).allMatch(p -> p <= 2);
            Map<String, Long> totals = awaitTotals(topics, 2 * PER_USER);
            assertThat(totals).hasSize(USERS).allSatisfy((user, clicks) -> assertThat(clicks).isEqualTo(2L * PER_USER));
            System.out.printf("[savepoint] %d clicks at parallelism 1, stop-with-savepoint %s, %d more, restored at"
                    + " parallelism 2: every user's count continued to %d%n", USERS * PER_USER, savepoint,
                    USERS * PER_USER, 2 * PER_USER);
            assertThat(Files.readString(pipeline.log(2))).doesNotContain("Exception in thread \"main\"");
        }
    }

    private static List<String> clicks(int round) {
        List<String> clicks = new ArrayList<>();
        Instant t = Instant.parse("2024-05-01T00:00:00Z").plusSeconds(round * 3600L);
        for (int i = 0; i < USERS * PER_USER; i++) {
            clicks.add("{\"user_id\":\"u" + (i % USERS) + "\",\"ts\":\"" + t.plusMillis(i * 10L) + "\"}");
        }
        return clicks;
    }

    /** The latest count per user in the upsert topic, once every user reached {@code expected}. */
    private static Map<String, Long> awaitTotals(Topics topics, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Map<String, Long> latest = new TreeMap<>();
        while (System.nanoTime() < deadline) {
            latest.clear();
            for (ConsumerRecord<byte[], byte[]> r : topics.readAll("sp.totals")) {
                if (r.value() == null) {
                    continue;
                }
                JsonNode value = JSON.readTree(r.value());
                latest.put(value.get("user_id").asText(), value.get("clicks").asLong());
            }
            if (latest.size() == USERS && latest.values().stream().allMatch(c -> c == expected)) {
                return latest;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("counts did not reach " + expected + ": " + latest);
    }
}
