package dev.tributary.runtime;

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
import java.util.List;
import java.util.Map;

/** Plans for unit tests; nothing in them is ever connected to. */
final class TestPlans {

    static final long MINUTE = 60_000;

    private TestPlans() {
    }

    static SourcePlan clicks() {
        return new SourcePlan("clicks", "shop.clicks", RecordFormat.JSON,
                List.of(new FieldPlan("user_id", "STRING NOT NULL"), new FieldPlan("url", "STRING"),
                        new FieldPlan("ts", "TIMESTAMP(3)")),
                new EventTimePlan("ts", 5000, 60_000L));
    }

    static SinkPlan kafkaSink(String name, long transactionTimeoutMs, List<String> keys) {
        return new SinkPlan(name, SinkType.KAFKA, new KafkaSinkPlan("shop." + name, RecordFormat.JSON, keys,
                transactionTimeoutMs, "tributary-shop-sessionize-" + name), null, null, null, List.of());
    }

    static SinkPlan jdbcSink(String name) {
        return new SinkPlan(name, SinkType.JDBC, null, new JdbcSinkPlan("jdbc:postgresql://db:5432/shop", "public." + name,
                new SecretCredentials("pg", "username", "password"), List.of("user_id"), 1000, 500),
                null, null, List.of());
    }

    static CheckpointPlan checkpoints(long intervalMs, DeliveryGuarantee guarantee) {
        return new CheckpointPlan(intervalMs, 10 * MINUTE, guarantee, "file:///tributary/state/checkpoints",
                "file:///tributary/state/savepoints", 3, null);
    }

    static PipelinePlan plan(List<SinkPlan> sinks, String sql, CheckpointPlan checkpoints) {
        return new PipelinePlan(PipelinePlan.CURRENT_VERSION, "shop", "sessionize",
                KafkaConnectionPlan.plaintext("kafka:9092"), List.of(clicks()), sinks, sql, checkpoints,
                "shop.sessionize.dlq", new ParallelismPlan(2, 1, 6), Map.of());
    }
}
