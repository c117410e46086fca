package dev.tributary.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.sqlcheck.upgrade.JobOperator;
import dev.tributary.sqlcheck.upgrade.StateFate;
import dev.tributary.sqlcheck.upgrade.StateJudge;
import dev.tributary.sqlcheck.upgrade.StateVerdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobOperatorsTest {

    private static PipelinePlan plan(String sql) {
        return TestPlans.plan(List.of(TestPlans.kafkaSink("counts", 15 * TestPlans.MINUTE, List.of("user_id"))), sql,
                TestPlans.checkpoints(10_000, DeliveryGuarantee.EXACTLY_ONCE));
    }

    private static final String COUNT = "INSERT INTO counts SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id";

    private static List<JobOperator> baseline;

    private static synchronized List<JobOperator> baseline() {
        if (baseline == null) {
            baseline = JobOperators.of(plan(COUNT));
        }
        return baseline;
    }

    @Test
    void theSameSqlBuildsTheSameOperatorIdsEveryTime() {
        List<JobOperator> first = baseline();
        assertThat(JobOperators.of(plan(COUNT))).isEqualTo(first);
        assertThat(first).anyMatch(o -> o.stateful() && o.name().equals("GlobalGroupAggregate"))
                .anyMatch(o -> !o.stateful() && o.name().equals("LocalGroupAggregate"))
                .anyMatch(o -> o.stateful() && o.stateShape().equals("uid source-clicks"));
    }

    private static StateVerdict change(String after) {
        return StateJudge.judge(baseline(), JobOperators.of(plan(after)));
    }

    private static StateFate aggregate(StateVerdict verdict) {
        return verdict.operators().stream().filter(o -> o.name().contains("GroupAggregate")).findFirst()
                .orElseThrow().fate();
    }

    @Test
    void renamesAndCountsOfAColumnKeepTheAggregatesStateMoreOrOtherAggregatesDoNot() {
        assertThat(aggregate(change(COUNT.replace("AS clicks", "AS n")))).isEqualTo(StateFate.KEPT);
        assertThat(aggregate(change(COUNT.replace("COUNT(*)", "COUNT(url)")))).isEqualTo(StateFate.KEPT);
        assertThat(aggregate(change(COUNT.replace("COUNT(*)", "COUNT(DISTINCT url)"))))
                .isEqualTo(StateFate.INCOMPATIBLE);
        StateVerdict added = change(COUNT.replace("COUNT(*) AS clicks", "COUNT(*) AS clicks, MAX(url) AS last_url"));
        assertThat(aggregate(added)).isEqualTo(StateFate.INCOMPATIBLE);
        assertThat(added.outcome(true)).isEqualTo(StateVerdict.Outcome.CANNOT_RESTORE);
    }

    @Test
    void aggregateFunctionsAreNamesWithDistinctNotArgumentsOrAliases() {
        assertThat(JobOperators.aggregateFunctions("user_id, COUNT(count1$0) AS clicks, MAX(DISTINCT url) AS u,"
                + " start('w$) AS window_start")).containsExactly("_", "COUNT", "MAX DISTINCT", "start");
    }

    @Test
    void anotherMaxParallelismIsSeenOnTheKeyedOperatorsAndCannotRestore() {
        PipelinePlan same = plan(COUNT);
        PipelinePlan at512 = new PipelinePlan(same.version(), same.namespace(), same.name(), same.kafka(),
                same.sources(), same.sinks(), same.sql(), same.checkpoints(), same.deadLetterTopic(),
                same.parallelism(), Map.of("pipeline.max-parallelism", "512"));

        List<JobOperator> after = JobOperators.of(at512);
        StateVerdict verdict = StateJudge.judge(baseline(), after);

        assertThat(baseline()).filteredOn(o -> o.name().equals("GlobalGroupAggregate")).singleElement()
                .extracting(JobOperator::keyGroups).isEqualTo(JobSettings.MAX_PARALLELISM);
        assertThat(after).filteredOn(o -> o.stateShape().startsWith("uid")).allMatch(o -> o.keyGroups() == 0);
        assertThat(aggregate(verdict)).isEqualTo(StateFate.INCOMPATIBLE);
        assertThat(verdict.outcome(true)).isEqualTo(StateVerdict.Outcome.CANNOT_RESTORE);
    }
}
