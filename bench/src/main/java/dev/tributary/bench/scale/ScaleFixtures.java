package dev.tributary.bench.scale;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The objects of Pipeline number {@code i}: its own Source and Sink (one partition each, so 1,000 Pipelines make
 * 3,000 topics on one broker, dead-letter topics included) and a Pipeline whose SQL names them, so every SQL differs
 * and the operator plans each one.
 */
final class ScaleFixtures {

    private ScaleFixtures() {
    }

    static String pipelineName(int i) {
        return String.format("p%04d", i);
    }

    static Source source(int i) {
        return Serialization.unmarshal("""
                apiVersion: tributary.dev/v1alpha1
                kind: Source
                metadata: {name: %s}
                spec:
                  topic: {partitions: 1}
                  format: json
                  schema: {fields: [{name: user_id, type: STRING}, {name: url, type: STRING}]}
                """.formatted(sourceName(i)), Source.class);
    }

    static Sink sink(int i) {
        return Serialization.unmarshal("""
                apiVersion: tributary.dev/v1alpha1
                kind: Sink
                metadata: {name: %s}
                spec:
                  kafka: {topic: {partitions: 1}}
                """.formatted(sinkName(i)), Sink.class);
    }

    /**
     * One TaskManager ({@code spec.replicas: 1}; the spec change of the benchmark sets 2), checkpoints in an object
     * store: the default checkpoint volume would wait for 1,000 PersistentVolumes that nothing provisions here.
     */
    static Pipeline pipeline(int i) {
        return Serialization.unmarshal("""
                apiVersion: tributary.dev/v1alpha1
                kind: Pipeline
                metadata: {name: %1$s}
                spec:
                  sources: [%2$s]
                  sinks: [%3$s]
                  sql: INSERT INTO `%3$s` SELECT user_id, url FROM `%2$s`
                  replicas: 1
                  checkpoints: {storage: {objectStore: {uri: "s3://bench-checkpoints/%1$s"}}}
                """.formatted(pipelineName(i), sourceName(i), sinkName(i)), Pipeline.class);
    }

    private static String sourceName(int i) {
        return String.format("clicks-%04d", i);
    }

    private static String sinkName(int i) {
        return String.format("out-%04d", i);
    }
}
