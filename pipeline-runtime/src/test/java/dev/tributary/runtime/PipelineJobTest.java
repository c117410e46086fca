package dev.tributary.runtime;

import static dev.tributary.runtime.TestPlans.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.plan.EventTimePlan;
import dev.tributary.api.plan.FieldPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.plan.SourcePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.runtime.sink.SinkColumn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds jobs from plans without running them: what the graph holds, and how a bad plan is refused. */
class PipelineJobTest {

    @TempDir
    Path dir;

    private PipelineJob build(PipelinePlan plan) {
        Configuration conf = JobSettings.of(plan, RuntimeOptions.forPlan(dir), new Secrets(dir));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        Properties kafka = KafkaClientProperties.of(plan.kafka(), new Secrets(dir));
        return PipelineJob.build(plan, env, kafka, new Secrets(dir), 1 << 20, Duration.ofMinutes(15), 1048588,
                java.util.Map.of());
    }

    private static PipelinePlan plan(List<SinkPlan> sinks, String sql) {
        return TestPlans.plan(sinks, sql, TestPlans.checkpoints(30_000, DeliveryGuarantee.EXACTLY_ONCE));
    }

    @Test
    void severalInsertsBecomeOneJobWithStableOperatorIdsAndDerivedSinkColumns() {
        PipelineJob job = build(plan(List.of(TestPlans.kafkaSink("per_minute", 15 * MINUTE, List.of()),
                TestPlans.kafkaSink("totals", 15 * MINUTE, List.of("user_id"))), """
                INSERT INTO per_minute
                SELECT user_id, window_start, COUNT(*) AS clicks
                FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
                GROUP BY user_id, window_start, window_end;
                INSERT INTO totals SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id;
                """));
        StreamGraph graph = job.env().getStreamGraph(false);
        Set<String> uids = graph.getStreamNodes().stream().map(StreamNode::getTransformationUID)
                .filter(uid -> uid != null).collect(Collectors.toSet());
        assertThat(uids).contains("source-clicks", "decode-clicks", "sink-count-per_minute", "sink-count-totals",
                "sink-guard-per_minute", "sink-guard-totals", "sink-dead-letters-per_minute",
                "sink-dead-letters-totals");
        assertThat(graph.getStreamNodes()).extracting(StreamNode::getOperatorName)
                .anyMatch(n -> n.startsWith("dead letters: shop.sessionize.dlq"));
        assertThat(graph.getStreamNodes()).extracting(StreamNode::getParallelism).containsOnly(2);

        List<SinkColumn> perMinute = job.sinkTables().get(0).columns();
        assertThat(perMinute).extracting(SinkColumn::name).containsExactly("user_id", "window_start", "clicks");
        assertThat(perMinute.get(1).type().getLogicalType().asSummaryString()).isEqualTo("TIMESTAMP(3) NOT NULL");
        assertThat(job.sinkTables().get(1).columns()).extracting(c -> c.type().getLogicalType().asSummaryString())
                .containsExactly("STRING NOT NULL", "BIGINT NOT NULL");
    }

    @Test
    void refusesPlansThatCannotRun() {
        SinkPlan sessions = TestPlans.kafkaSink("sessions", 15 * MINUTE, List.of());
        assertThatThrownBy(() -> build(plan(List.of(sessions), "INSERT INTO nowhere SELECT user_id FROM clicks")))
                .hasMessage("statement 1 writes into 'nowhere', which is not one of the pipeline's sinks [sessions]");
        assertThatThrownBy(() -> build(plan(List.of(sessions, TestPlans.kafkaSink("unused", MINUTE, List.of())),
                "INSERT INTO sessions SELECT user_id FROM clicks")))
                .hasMessageContaining("sink 'unused' is never written");
        assertThatThrownBy(() -> build(plan(List.of(sessions), "INSERT INTO sessions SELECT no_such FROM clicks")))
                .hasMessageStartingWith("statement 1 (INSERT INTO sessions): ")
                .hasMessageContaining("no_such");

        PipelinePlan micros = plan(List.of(sessions), "INSERT INTO sessions SELECT user_id FROM clicks");
        SourcePlan source = new SourcePlan("clicks", "shop.clicks", RecordFormat.JSON,
                List.of(new FieldPlan("user_id", "STRING"), new FieldPlan("ts", "TIMESTAMP(6)")),
                new EventTimePlan("ts", 1000, null));
        PipelinePlan withMicros = new PipelinePlan(micros.version(), micros.namespace(), micros.name(), micros.kafka(),
                List.of(source), micros.sinks(), micros.sql(), micros.checkpoints(), micros.deadLetterTopic(),
                micros.parallelism(), micros.flinkConfiguration());
        assertThatThrownBy(() -> build(withMicros)).hasMessage("source 'clicks': event-time field 'ts' is TIMESTAMP(6);"
                + " Flink keeps event time in milliseconds: declare it TIMESTAMP(3) or TIMESTAMP_LTZ(3)");
    }

    /**
     * A query's stateless operators after a shuffle (here the CAST after the GROUP BY, and the upsert sink's NOT NULL
     * key check) get a catcher chained in front, so a row they fail on becomes a dead letter; those chained to the
     * source get none (the source catches there, with the original record), and each runs in the task of the operator
     * it guards.
     */
    @Test
    void operatorsAfterAShuffleGetACatcherChainedInFront() {
        PipelineJob job = build(plan(List.of(TestPlans.kafkaSink("totals", 15 * MINUTE, List.of("user_id")),
                TestPlans.kafkaSink("urls", 15 * MINUTE, List.of())), """
                INSERT INTO totals SELECT user_id, CAST(MAX(url) AS INT) AS largest FROM clicks GROUP BY user_id;
                INSERT INTO urls SELECT user_id, CAST(url AS INT) AS n, ts FROM clicks;
                """));
        StreamGraph graph = job.env().getStreamGraph(false);
        List<String> vertices = new ArrayList<>();
        graph.getJobGraph().getVertices().forEach(v -> vertices.add(v.getName()));
        List<String> catchers = graph.getStreamNodes().stream().map(StreamNode::getOperatorName)
                .filter(n -> n.startsWith("dead letters of ")).sorted().toList();
        assertThat(catchers).hasSize(2).anyMatch(n -> n.matches("dead letters of Calc\\[\\d+]"))
                .anyMatch(n -> n.matches("dead letters of ConstraintEnforcer\\[\\d+]"));
        for (String catcher : catchers) {
            String guarded = catcher.substring("dead letters of ".length());
            assertThat(vertices).as("%s chained in front of %s", catcher, guarded)
                    .anyMatch(v -> v.contains("GlobalGroupAggregate") && v.contains(catcher + " -> " + guarded));
        }
        assertThat(vertices).filteredOn(v -> v.startsWith("Source: ")).singleElement().asString()
                .contains("Calc").doesNotContain("dead letters of");
        assertThat(graph.getStreamNodes()).extracting(StreamNode::getTransformationUID)
                .contains("dead-letter-sink", "query-dead-letter-sink");

        // nothing after a shuffle: no catcher, no producer for them
        StreamGraph stateless = build(plan(List.of(TestPlans.kafkaSink("urls", 15 * MINUTE, List.of())),
                "INSERT INTO urls SELECT user_id, CAST(url AS INT) AS n, ts FROM clicks")).env().getStreamGraph(false);
        assertThat(stateless.getStreamNodes()).extracting(StreamNode::getOperatorName)
                .noneMatch(n -> n.startsWith("dead letters of "));
        assertThat(stateless.getStreamNodes()).extracting(StreamNode::getTransformationUID)
                .contains("dead-letter-sink").doesNotContain("query-dead-letter-sink");
    }
}
