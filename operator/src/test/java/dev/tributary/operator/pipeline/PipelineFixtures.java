package dev.tributary.operator.pipeline;

import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanResolver;
import dev.tributary.api.plan.SecretCredentials;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.pipeline.build.PipelineDeploymentSettings;
import dev.tributary.operator.pipeline.build.PodTemplates;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/** A realistic Pipeline, its Sources and Sinks written the way users write them, and its resolved plan. */
public final class PipelineFixtures {

    public static final String CLICKS = """
            apiVersion: tributary.dev/v1alpha1
            kind: Source
            metadata: {name: clicks, namespace: shop}
            spec:
              topic: {name: shop.clicks, partitions: 6}
              format: json
              schema:
                fields:
                  - {name: user_id, type: STRING NOT NULL}
                  - {name: ts, type: TIMESTAMP(3)}
                eventTime: {field: ts, watermarkDelay: 5s}
            """;

    public static final String SESSIONS = """
            apiVersion: tributary.dev/v1alpha1
            kind: Sink
            metadata: {name: sessions, namespace: shop}
            spec:
              kafka: {topic: {name: shop.sessions, partitions: 6}}
            """;

    public static final String SESSIONS_DB = """
            apiVersion: tributary.dev/v1alpha1
            kind: Sink
            metadata: {name: sessions-db, namespace: shop}
            spec:
              jdbc:
                url: jdbc:postgresql://db.shop:5433/analytics
                table: sessions
                credentialsSecret: {name: pg, usernameKey: user, passwordKey: pass}
                upsertKey: [user_id]
            """;

    public static final String ALERTS = """
            apiVersion: tributary.dev/v1alpha1
            kind: Sink
            metadata: {name: alerts, namespace: shop}
            spec:
              webhook:
                url: https://hooks.example.com/alerts
                secretRef: {name: hooks, key: token}
            """;

    public static final String SESSIONIZE = """
            apiVersion: tributary.dev/v1alpha1
            kind: Pipeline
            metadata: {name: sessionize, namespace: shop, uid: 6f1c2a9e-0000-4000-8000-000000000001}
            spec:
              sources: [clicks]
              sinks: [sessions, sessions-db, alerts]
              sql: |
                INSERT INTO sessions SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id;
                INSERT INTO `sessions-db` SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id;
                INSERT INTO alerts SELECT user_id FROM clicks
              parallelism: {initial: 2, min: 1, max: 6}
              checkpoints: {interval: 30s, storage: {volume: {size: 10Gi, storageClassName: fast}}}
              resources:
                jobManager: {cpu: 500m, memory: 2Gi}
                taskManager: {cpu: "2", memory: 4Gi, taskSlots: 2}
              flinkConfiguration: {table.exec.state.ttl: 1h}
            """;

    public static final KafkaConnectionPlan KAFKA = new KafkaConnectionPlan("SASL_SSL://kafka-0.kafka:9093,kafka-1.kafka:9093",
            Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"),
            new SecretCredentials("kafka-user", "username", "password"), null);

    public static final PipelineDeploymentSettings SETTINGS = new PipelineDeploymentSettings(
            "registry.example.com/tributary/runtime:1.0", "pipelines", "tributary-system", List.of("monitoring"));

    private PipelineFixtures() {
    }

    public static Pipeline pipeline() {
        return pipeline(SESSIONIZE);
    }

    public static Pipeline pipeline(String yaml) {
        return Serialization.unmarshal(yaml, Pipeline.class);
    }

    public static PipelinePlan plan(Pipeline pipeline) {
        Map<String, Source> sources = Map.of("clicks", Serialization.unmarshal(CLICKS, Source.class));
        Map<String, Sink> sinks = Map.of(
                "sessions", Serialization.unmarshal(SESSIONS, Sink.class),
                "sessions-db", Serialization.unmarshal(SESSIONS_DB, Sink.class),
                "alerts", Serialization.unmarshal(ALERTS, Sink.class));
        return PlanResolver.resolve(pipeline, sources, sinks, KAFKA, PodTemplates.STATE_DIRECTORY_URI);
    }
}
