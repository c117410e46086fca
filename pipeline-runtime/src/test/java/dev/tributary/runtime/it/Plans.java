package dev.tributary.runtime.it;

import dev.tributary.api.plan.CheckpointPlan;
import dev.tributary.api.plan.EventTimePlan;
import dev.tributary.api.plan.FieldPlan;
import dev.tributary.api.plan.JdbcSinkPlan;
import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.KafkaSinkPlan;
import dev.tributary.api.plan.ParallelismPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SecretCredentials;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.plan.SourcePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.api.v1alpha1.SinkType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plans for tests, as the operator would resolve them. */
public final class Plans {

    public static final long TRANSACTION_TIMEOUT_MS = 5 * 60_000;

    private Plans() {
    }

    public static List<FieldPlan> fields(String... nameTypePairs) {
        List<FieldPlan> fields = new ArrayList<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            fields.add(new FieldPlan(nameTypePairs[i], nameTypePairs[i + 1]));
        }
        return fields;
    }

    /** A source with event time, a 2 s idle timeout. */
    public static SourcePlan source(String name, String topic, RecordFormat format, List<FieldPlan> fields,
            String eventTimeField, long watermarkDelayMs) {
        return source(name, topic, format, fields, eventTimeField, watermarkDelayMs, 2_000L);
    }

    /** A source with event time; {@code idleTimeoutMs} null: a quiet partition holds the watermark back. */
    public static SourcePlan source(String name, String topic, RecordFormat format, List<FieldPlan> fields,
            String eventTimeField, long watermarkDelayMs, Long idleTimeoutMs) {
        return new SourcePlan(name, topic, format, fields,
                eventTimeField == null ? null : new EventTimePlan(eventTimeField, watermarkDelayMs, idleTimeoutMs));
    }

    public static SinkPlan kafkaSink(String pipeline, String name, String topic, List<String> keyFields) {
        return new SinkPlan(name, SinkType.KAFKA, new KafkaSinkPlan(topic, RecordFormat.JSON, keyFields,
                TRANSACTION_TIMEOUT_MS, "tributary-test-" + pipeline + "-" + name), null, null, null, List.of());
    }

    public static SinkPlan jdbcSink(String name, String url, String table, List<String> key) {
        return new SinkPlan(name, SinkType.JDBC, null,
                new JdbcSinkPlan(url, table, new SecretCredentials("pg", "username", "password"), key, 200, 500),
                null, null, List.of());
    }

    public static CheckpointPlan checkpoints(Path dir, long intervalMs, DeliveryGuarantee guarantee) {
        return new CheckpointPlan(intervalMs, 60_000, guarantee, dir.resolve("checkpoints").toUri().toString(),
                dir.resolve("savepoints").toUri().toString(), 3, null);
    }

    public static PipelinePlan plan(String name, List<SourcePlan> sources, List<SinkPlan> sinks, String sql,
            CheckpointPlan checkpoints, String deadLetterTopic, int parallelism) {
        return new PipelinePlan(PipelinePlan.CURRENT_VERSION, "test", name,
                KafkaConnectionPlan.plaintext(Services.kafka().bootstrapServers()), sources, sinks, sql, checkpoints,
                deadLetterTopic, new ParallelismPlan(parallelism, 1, 8), Map.of());
    }
}
