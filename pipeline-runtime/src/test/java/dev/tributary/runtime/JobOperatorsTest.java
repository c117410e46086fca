package dev.tributary.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.sqlcheck.upgrade.JobOperator;
import dev.tributary.sqlcheck.upgrade.StateFate;
import dev.tributary.sqlcheck.upgrade.StateJudge;
import dev.tributary.sqlcheck.upgrade.StateVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobOperatorsTest {

    private static PipelinePlan plan(String sql) {
        return TestPlans.plan(List.of(TestPlans.kafkaSink("counts", 15 * TestPlans.MINUTE, List.of("user_id"))), sql,
                TestPlans.checkpoints(10_000, DeliveryGuarantee.EXACTLY_ONCE));
    }

    private static final String COUNT = "INSERT INTO counts SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id";

    @Test
    void theSameSqlBuildsTheSameOperatorIdsEveryTime() {
        List<JobOperator> first = JobOperators.of(plan(COUNT));
        first.forEach(o -> System.out.println(o.id() + " " + o.stateful() + " " + o.name() + " | " + o.description()));
        assertThat(JobOperators.of(plan(COUNT))).isEqualTo(first);
        assertThat(first).anyMatch(o -> o.stateful() && o.name().contains("GroupAggregate"));
    }

    @Test
    void renamingAnAliasKeepsStateAndAddingAnAggregateDoesNot() {
        List<JobOperator> before = JobOperators.of(plan(COUNT));
        StateVerdict renamed = StateJudge.judge(before, JobOperators.of(plan(COUNT.replace("AS clicks", "AS n"))));
        renamed.operators().forEach(System.out::println);
        assertThat(renamed.outcome(false)).isEqualTo(StateVerdict.Outcome.RESTORES);
        StateVerdict filtered = StateJudge.judge(before, JobOperators.of(plan(COUNT.replace("GROUP BY",
                "WHERE url <> '' GROUP BY"))));
        filtered.operators().forEach(System.out::println);
        assertThat(filtered.with(StateFate.KEPT)).isNotEmpty();
    }
}
