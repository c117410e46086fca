package dev.tributary.operator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.api.validation.Problem;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PipelineSqlChecksTest {

    private static final Problem PROBLEM = new Problem("spec.sql", "Flink's planner rejects it: no");

    /** Runs what it was given only when the test says so, as the planner thread would later. */
    private static final class ManualExecutor implements Executor {
        final Queue<Runnable> queued = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            queued.add(command);
        }

        void runAll() {
            while (!queued.isEmpty()) {
                queued.poll().run();
            }
        }
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualExecutor executor = new ManualExecutor();
    private final MutableClock clock = new MutableClock();
    private final AtomicInteger plannings = new AtomicInteger();

    @Test
    void plansOnceOffTheCallersThreadAndKeepsTheOutcomeForTheSameInputs() {
        PipelineSqlChecks checks = new PipelineSqlChecks((p, so, si) -> {
            plannings.incrementAndGet();
            return List.of(PROBLEM);
        }, executor, clock);
        Pipeline pipeline = PipelineFixtures.pipeline();

        assertThat(checks.outcome(pipeline, sources(), sinks())).isInstanceOf(PipelineSqlChecks.Planning.class);
        assertThat(checks.outcome(pipeline, sources(), sinks())).isInstanceOf(PipelineSqlChecks.Planning.class);
        assertThat(executor.queued).as("asked twice while planning: planned once").hasSize(1);
        executor.runAll();

        assertThat(checks.outcome(pipeline, sources(), sinks()))
                .isEqualTo(new PipelineSqlChecks.Checked(List.of(PROBLEM)));
        assertThat(checks.outcome(PipelineFixtures.pipeline(), sources(), sinks()))
                .isEqualTo(new PipelineSqlChecks.Checked(List.of(PROBLEM)));
        assertThat(executor.queued).isEmpty();
        assertThat(plannings).hasValue(1);
    }

    @Test
    void aThousandPipelinesAskedAgainOnTheirNextResyncAreNotPlannedAgain() {
        PipelineSqlChecks checks = new PipelineSqlChecks((p, so, si) -> {
            plannings.incrementAndGet();
            return List.of();
        }, executor, clock);
        Pipeline template = PipelineFixtures.pipeline();
        Map<String, Source> sources = sources();
        Map<String, Sink> sinks = sinks();
        List<Pipeline> pipelines = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) { // a thousand different SQL texts; only the SQL and the names are read
            Pipeline pipeline = new Pipeline();
            pipeline.setMetadata(template.getMetadata());
            pipeline.setSpec(new dev.tributary.api.v1alpha1.PipelineSpec());
            pipeline.getSpec().sources = template.getSpec().sources;
            pipeline.getSpec().sinks = template.getSpec().sinks;
            pipeline.getSpec().sql = template.getSpec().sql + " -- pipeline " + i;
            pipelines.add(pipeline);
        }
        pipelines.forEach(p -> checks.outcome(p, sources, sinks));
        executor.runAll();
        assertThat(plannings).hasValue(1000);

        for (Pipeline pipeline : pipelines) { // the next resync, in the same order
            assertThat(checks.outcome(pipeline, sources, sinks)).isEqualTo(new PipelineSqlChecks.Checked(List.of()));
        }
        assertThat(executor.queued).as("nothing planned again").isEmpty();
        assertThat(plannings).hasValue(1000);
    }

    @Test
    void plansAgainWhenTheSqlOrASchemaChangesButNotForOtherFields() {
        PipelineSqlChecks checks = new PipelineSqlChecks((p, so, si) -> List.of(), executor, clock);
        Pipeline pipeline = PipelineFixtures.pipeline();
        checks.outcome(pipeline, sources(), sinks());
        executor.runAll();

        Pipeline scaled = PipelineFixtures.pipeline();
        scaled.getSpec().parallelism.initial = 4;
        assertThat(checks.outcome(scaled, sources(), sinks())).isEqualTo(new PipelineSqlChecks.Checked(List.of()));

        Pipeline newSql = PipelineFixtures.pipeline();
        newSql.getSpec().sql = "INSERT INTO alerts SELECT user_id FROM clicks";
        assertThat(checks.outcome(newSql, sources(), sinks())).isInstanceOf(PipelineSqlChecks.Planning.class);

        Map<String, Source> widened = sources();
        widened.get("clicks").getSpec().schema.fields.get(0).type = "STRING";
        assertThat(checks.outcome(pipeline, widened, sinks())).isInstanceOf(PipelineSqlChecks.Planning.class);

        Map<String, Sink> keyed = sinks();
        keyed.get("sessions").getSpec().kafka.keyFields = List.of("user_id");
        assertThat(checks.outcome(pipeline, sources(), keyed)).isInstanceOf(PipelineSqlChecks.Planning.class);
        assertThat(executor.queued).hasSize(3);
    }

    @Test
    void anUnexpectedPlannerFailureIsAnOutcomeNotAStuckPlanningAndIsTriedAgainLater() {
        PipelineSqlChecks checks = new PipelineSqlChecks((p, so, si) -> {
            if (plannings.incrementAndGet() == 1) {
                throw new NoClassDefFoundError("org/apache/calcite/Something");
            }
            return List.of();
        }, executor, clock);
        Pipeline pipeline = PipelineFixtures.pipeline();
        checks.outcome(pipeline, sources(), sinks());
        executor.runAll();

        PipelineSqlChecks.Outcome failed = checks.outcome(pipeline, sources(), sinks());
        assertThat(failed).isInstanceOfSatisfying(PipelineSqlChecks.Failed.class, f -> assertThat(f.message())
                .contains("NoClassDefFoundError: org/apache/calcite/Something")
                .contains("nothing is deployed until the check succeeds"));
        clock.now = clock.now.plus(PipelineSqlChecks.RETRY_FAILED).minusSeconds(1);
        assertThat(checks.outcome(pipeline, sources(), sinks())).isEqualTo(failed);

        clock.now = clock.now.plus(Duration.ofSeconds(1));
        assertThat(checks.outcome(pipeline, sources(), sinks())).isInstanceOf(PipelineSqlChecks.Planning.class);
        executor.runAll();
        assertThat(checks.outcome(pipeline, sources(), sinks())).isEqualTo(new PipelineSqlChecks.Checked(List.of()));
    }

    @Test
    void theWarmUpPlansOnThePlannerThreadAndKeepsNothing() {
        PipelineSqlChecks checks = new PipelineSqlChecks((p, so, si) -> {
            plannings.incrementAndGet();
            assertThat(p.getSpec().sql).isEqualTo("INSERT INTO warm_out SELECT a FROM warm_in");
            assertThat(so.get("warm_in").getSpec().schema.fields).hasSize(1);
            throw new IllegalStateException("a failed warm-up is only logged");
        }, executor, clock);

        checks.warmUp(null);
        assertThat(plannings).hasValue(0);
        executor.runAll();

        assertThat(plannings).hasValue(1);
        assertThat(checks.outcome(PipelineFixtures.pipeline(), sources(), sinks()))
                .isInstanceOf(PipelineSqlChecks.Planning.class);
    }

    /** Flink's planner on the operator's own class path (the Quarkus platform's versions of Flink's dependencies). */
    @Test
    void flinksPlannerRunsOnTheOperatorsClassPathAndReportsWhatValidateReports() throws Exception {
        PipelineSqlChecks checks = new PipelineSqlChecks();
        try {
            Pipeline pipeline = PipelineFixtures.pipeline();
            pipeline.getSpec().sql = "INSERT INTO alerts SELECT user_id, FROM clicks";
            PipelineSqlChecks.Outcome outcome = checks.outcome(pipeline, sources(), sinks());
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (outcome instanceof PipelineSqlChecks.Planning && System.nanoTime() < deadline) {
                Thread.sleep(100);
                outcome = checks.outcome(pipeline, sources(), sinks());
            }

            assertThat(outcome).isInstanceOfSatisfying(PipelineSqlChecks.Checked.class, c -> assertThat(c.problems())
                    .singleElement().satisfies(p -> {
                        assertThat(p.field()).isEqualTo("spec.sql");
                        assertThat(p.message()).startsWith("Flink's planner rejects it: SQL parse failed.");
                    }));
        } finally {
            checks.stop();
        }
    }

    private static Map<String, Source> sources() {
        return new HashMap<>(Map.of("clicks", Serialization.unmarshal(PipelineFixtures.CLICKS, Source.class)));
    }

    private static Map<String, Sink> sinks() {
        return new HashMap<>(Map.of(
                "sessions", Serialization.unmarshal(PipelineFixtures.SESSIONS, Sink.class),
                "sessions-db", Serialization.unmarshal(PipelineFixtures.SESSIONS_DB, Sink.class),
                "alerts", Serialization.unmarshal(PipelineFixtures.ALERTS, Sink.class)));
    }
}
