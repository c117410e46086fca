package dev.tributary.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanResolver;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What dev prints about the autoscaler, from the lag and the records read it sees. */
class DevAutoscalerTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void aGrowingBacklogSaysHowManyTaskManagersTheOperatorWouldRunAndWhyOnlyWhenThatChanges() {
        DevAutoscaler autoscaler = autoscaler();
        assertThat(autoscaler.observe(T0, 0, 0)).isEmpty();
        // 10 s: 10,000 read (1,000 rec/s) while the backlog grew to 90,000 (10,000 rec/s in)
        Optional<String> line = autoscaler.observe(T0.plusSeconds(10), 90_000, 10_000);
        assertThat(line).get().asString()
                .startsWith("autoscaler: would run 3 TaskManagers: lag ")
                .contains("> target 10 s at 10,000 rec/s in")
                .contains("(lag 90000 records, 80 s; 1..3 allowed)"); // 1 s of input is the commit trail
        assertThat(autoscaler.observe(T0.plusSeconds(20), 180_000, 20_000)).as("same count: nothing new to say")
                .isEmpty();
    }

    @Test
    void unknownLagSaysNothing() {
        DevAutoscaler autoscaler = autoscaler();
        assertThat(autoscaler.observe(T0, -1, 0)).isEmpty();
        assertThat(autoscaler.observe(T0.plusSeconds(30), -1, 0)).isEmpty();
    }

    private static DevAutoscaler autoscaler() {
        Pipeline pipeline = Serialization.unmarshal("""
                apiVersion: tributary.dev/v1alpha1
                kind: Pipeline
                metadata: {name: copy, namespace: dev}
                spec:
                  sources: [clicks]
                  sinks: [out]
                  sql: INSERT INTO `out` SELECT user_id FROM clicks
                  parallelism: {initial: 1, min: 1, max: 3}
                  autoscaling: {enabled: true, targetLagSeconds: 10}
                  checkpoints: {interval: 1s}
                """, Pipeline.class);
        Source clicks = Serialization.unmarshal("""
                apiVersion: tributary.dev/v1alpha1
                kind: Source
                metadata: {name: clicks, namespace: dev}
                spec:
                  topic: {partitions: 6}
                  format: json
                  schema: {fields: [{name: user_id, type: STRING}]}
                """, Source.class);
        Sink out = Serialization.unmarshal("""
                apiVersion: tributary.dev/v1alpha1
                kind: Sink
                metadata: {name: out, namespace: dev}
                spec:
                  kafka: {topic: {partitions: 1}}
                """, Sink.class);
        PipelinePlan plan = PlanResolver.resolve(pipeline, Map.of("clicks", clicks), Map.of("out", out),
                KafkaConnectionPlan.plaintext("127.0.0.1:9092"), "file:///tmp/state");
        return new DevAutoscaler(pipeline, plan, Map.of("clicks", clicks).values());
    }
}
