package dev.tributary.api;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;

/** Realistic resources, written the way users write them, for the unit tests. */
public final class Fixtures {

    public static final String CLICKS = """
            apiVersion: tributary.dev/v1alpha1
            kind: Source
            metadata: {name: clicks, namespace: shop}
            spec:
              topic: {name: shop.clicks, partitions: 6, replicationFactor: 3, config: {retention.ms: "604800000"}}
              format: json
              schema:
                fields:
                  - {name: user_id, type: STRING NOT NULL}
                  - {name: url, type: STRING}
                  - {name: ts, type: TIMESTAMP(3)}
                eventTime: {field: ts, watermarkDelay: 5s, idleTimeout: 1m}
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
                url: jdbc:postgresql://db.shop:5432/analytics
                table: sessions
                credentialsSecret: {name: pg}
                upsertKey: [user_id, started]
              schema:
                fields:
                  - {name: user_id, type: STRING}
                  - {name: started, type: TIMESTAMP(3)}
                  - {name: clicks, type: BIGINT}
            """;

    public static final String SESSIONIZE = """
            apiVersion: tributary.dev/v1alpha1
            kind: Pipeline
            metadata: {name: sessionize, namespace: shop}
            spec:
              sources: [clicks]
              sinks: [sessions]
              sql: |
                INSERT INTO sessions
                SELECT user_id, SESSION_START(ts, INTERVAL '30' MINUTE) AS started, COUNT(*) AS clicks
                FROM clicks GROUP BY user_id, SESSION(ts, INTERVAL '30' MINUTE)
              parallelism: {initial: 2, min: 1, max: 12}
              checkpoints: {interval: 30s, guarantee: exactly-once, storage: {volume: {size: 10Gi}}}
            """;

    private Fixtures() {
    }

    public static Source source(String yaml) {
        return Serialization.unmarshal(yaml, Source.class);
    }

    public static Sink sink(String yaml) {
        return Serialization.unmarshal(yaml, Sink.class);
    }

    public static Pipeline pipeline(String yaml) {
        return Serialization.unmarshal(yaml, Pipeline.class);
    }

    public static Map<String, Source> sources(Source... sources) {
        return java.util.Arrays.stream(sources).collect(java.util.stream.Collectors.toMap(
                s -> s.getMetadata().getName(), s -> s));
    }

    public static Map<String, Sink> sinks(Sink... sinks) {
        return java.util.Arrays.stream(sinks).collect(java.util.stream.Collectors.toMap(
                s -> s.getMetadata().getName(), s -> s));
    }
}
