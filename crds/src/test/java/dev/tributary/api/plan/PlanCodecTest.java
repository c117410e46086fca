package dev.tributary.api.plan;

import static dev.tributary.api.Fixtures.CLICKS;
import static dev.tributary.api.Fixtures.SESSIONIZE;
import static dev.tributary.api.Fixtures.SESSIONS;
import static dev.tributary.api.Fixtures.SESSIONS_DB;
import static dev.tributary.api.Fixtures.pipeline;
import static dev.tributary.api.Fixtures.sink;
import static dev.tributary.api.Fixtures.sinks;
import static dev.tributary.api.Fixtures.source;
import static dev.tributary.api.Fixtures.sources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.v1alpha1.Pipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanCodecTest {

    static PipelinePlan plan(Pipeline pipeline) {
        return PlanResolver.resolve(pipeline, sources(source(CLICKS)), sinks(sink(SESSIONS), sink(SESSIONS_DB)),
                KafkaConnectionPlan.plaintext("kafka:9092"), "file:///tributary/state");
    }

    @Test
    void roundTripsEveryPart() {
        Pipeline pipeline = pipeline(SESSIONIZE);
        pipeline.getSpec().sinks = List.of("sessions", "sessions-db");
        PipelinePlan plan = plan(pipeline);
        String json = PlanCodec.toJson(plan);
        PipelinePlan back = PlanCodec.fromJson(json);
        assertThat(back).isEqualTo(plan);
        assertThat(PlanCodec.toJson(back)).isEqualTo(json);
        assertThat(back.sinks()).extracting(SinkPlan::jdbc).last()
                .satisfies(jdbc -> assertThat(jdbc.credentials()).isEqualTo(new SecretCredentials("pg", "username", "password")));
    }

    @Test
    void hashIsStableAndFollowsContent() {
        PipelinePlan plan = plan(pipeline(SESSIONIZE));
        assertThat(PlanCodec.hash(plan)).hasSize(16).isEqualTo(PlanCodec.hash(plan(pipeline(SESSIONIZE))));
        Pipeline changed = pipeline(SESSIONIZE);
        changed.getSpec().sql = changed.getSpec().sql + " HAVING COUNT(*) > 1";
        assertThat(PlanCodec.hash(plan(changed))).isNotEqualTo(PlanCodec.hash(plan));
    }

    @Test
    void refusesAPlanOfAnotherVersion() {
        String json = PlanCodec.toJson(plan(pipeline(SESSIONIZE))).replace("\"version\" : 1", "\"version\" : 2");
        assertThatThrownBy(() -> PlanCodec.fromJson(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plan version 2 is not the version this build understands (1)");
    }

    @Test
    void refusesUnknownFieldsRatherThanIgnoringThem() {
        String json = PlanCodec.toJson(plan(pipeline(SESSIONIZE))).replace("\"sql\" :", "\"sqll\" : \"x\", \"sql\" :");
        assertThatThrownBy(() -> PlanCodec.fromJson(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sqll");
    }
}
