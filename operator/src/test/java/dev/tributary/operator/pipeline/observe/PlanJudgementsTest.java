package dev.tributary.operator.pipeline.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.operator.pipeline.upgrade.UpgradeJudgement;
import dev.tributary.sqlcheck.upgrade.JobOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The judge's verdict is computed off the reconcile, once per (running plan, desired plan), and then looked up. */
class PlanJudgementsTest {

    private static final PipelinePlan RUNNING = plan("running");
    private static final PipelinePlan DESIRED = plan("desired");
    private static final JobOperator COUNT = new JobOperator("a1", "GroupAggregate", "GroupAggregate(groupBy=[u])",
            true, "key x");
    private static final JobOperator SOURCE = new JobOperator("b2", "Source: clicks", "clicks", true, "uid clicks");

    private final AtomicInteger built = new AtomicInteger();
    private final List<Runnable> queued = new ArrayList<>();

    @Test
    void pendingUntilTheBackgroundBuildFinishesThenTheVerdictIsCachedPerPlanPair() {
        PlanJudgements judge = new PlanJudgements(plan -> {
            built.incrementAndGet();
            return plan == RUNNING ? List.of(COUNT, SOURCE) : List.of(SOURCE);
        }, queued::add);
        assertThat(judge.judgement("h1", RUNNING, "h2", DESIRED)).isInstanceOf(UpgradeJudgement.Pending.class);
        assertThat(judge.judgement("h1", RUNNING, "h2", DESIRED)).as("asked again while it runs: not queued twice")
                .isInstanceOf(UpgradeJudgement.Pending.class);
        assertThat(queued).hasSize(1);
        queued.remove(0).run();
        UpgradeJudgement verdict = judge.judgement("h1", RUNNING, "h2", DESIRED);
        assertThat(verdict).isEqualTo(new UpgradeJudgement.Judged(List.of("GroupAggregate (a1)"), List.of()));
        judge.judgement("h1", RUNNING, "h2", DESIRED);
        assertThat(built).as("each job built once").hasValue(2);
        assertThat(queued).isEmpty();
    }

    @Test
    void aJobThatCannotBeBuiltIsUnavailableWithWhy() {
        PlanJudgements judge = new PlanJudgements(plan -> {
            throw new IllegalArgumentException("Could not find any factory for identifier 'parquet'\nmore");
        }, Runnable::run);
        assertThat(judge.judgement("h1", RUNNING, "h2", DESIRED)).isEqualTo(new UpgradeJudgement.Unavailable(
                "the job could not be built: Could not find any factory for identifier 'parquet'"));
    }

    @Test
    void anUnknownRunningPlanIsNotJudged() {
        PlanJudgements judge = new PlanJudgements(plan -> List.of(), Runnable::run);
        assertThat(judge.judgement("h1", null, "h2", DESIRED)).isInstanceOf(UpgradeJudgement.NotAsked.class);
    }

    private static PipelinePlan plan(String name) {
        return new PipelinePlan(1, "ns", name, null, List.of(), List.of(), "INSERT", null, null, null, null);
    }
}
