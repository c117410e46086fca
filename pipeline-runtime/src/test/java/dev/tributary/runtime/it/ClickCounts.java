package dev.tributary.runtime.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Keyed state that must carry over a restore: JSON clicks of {@code users} users, {@code perUser} each per round,
 * counted per user by {@code SELECT user_id, COUNT(*) AS clicks ... GROUP BY user_id} into an upsert topic.
 */
public record ClickCounts(int users, int perUser) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Creates the topics {@code <prefix>.clicks} (4 partitions), {@code <prefix>.totals} and {@code <prefix>.dlq}
     * and returns the plan that counts the one into the other, exactly-once, checkpoints every second under
     * {@code dir}.
     */
    public static PipelinePlan plan(Topics topics, String name, String prefix, Path dir) {
        topics.create(4, prefix + ".clicks");
        topics.create(1, prefix + ".totals", prefix + ".dlq");
        return Plans.plan(name,
                List.of(Plans.source("clicks", prefix + ".clicks", RecordFormat.JSON,
                        Plans.fields("user_id", "STRING NOT NULL", "ts", "TIMESTAMP(3)"), "ts", 1000)),
                List.of(Plans.kafkaSink(name, "totals", prefix + ".totals", List.of("user_id"))),
                "INSERT INTO totals SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id",
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.EXACTLY_ONCE), prefix + ".dlq", 1);
    }

    /** A round of clicks, an hour of event time after the previous round. */
    public List<String> round(int round) {
        List<String> clicks = new ArrayList<>();
        Instant t = Instant.parse("2024-05-01T00:00:00Z").plusSeconds(round * 3600L);
        for (int i = 0; i < users * perUser; i++) {
            clicks.add("{\"user_id\":\"u" + (i % users) + "\",\"ts\":\"" + t.plusMillis(i * 10L) + "\"}");
        }
        return clicks;
    }

    /** The latest count per user in the upsert topic, once every user reached {@code expected} (2 min at most). */
    public Map<String, Long> awaitTotals(Topics topics, String topic, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Map<String, Long> latest = new TreeMap<>();
        while (System.nanoTime() < deadline) {
            latest.clear();
            for (ConsumerRecord<byte[], byte[]> r : topics.readAll(topic)) {
                if (r.value() != null) {
                    JsonNode value = JSON.readTree(r.value());
                    latest.put(value.get("user_id").asText(), value.get("clicks").asLong());
                }
            }
            if (latest.size() == users && latest.values().stream().allMatch(c -> c == expected)) {
                return latest;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("counts did not reach " + expected + ": " + latest);
    }
}
