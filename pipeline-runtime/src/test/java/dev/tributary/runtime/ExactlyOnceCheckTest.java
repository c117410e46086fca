package dev.tributary.runtime;

import static dev.tributary.runtime.TestPlans.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExactlyOnceCheckTest {

    private static final Duration BROKER_MAX = Duration.ofMinutes(15);
    private static final String SQL = "INSERT INTO sessions SELECT * FROM clicks";

    @Test
    void acceptsATransactionTimeoutThatOutlastsCheckpointsAndRestarts() {
        PipelinePlan plan = TestPlans.plan(List.of(TestPlans.kafkaSink("sessions", 15 * MINUTE, List.of())), SQL,
                TestPlans.checkpoints(30_000, DeliveryGuarantee.EXACTLY_ONCE));
        assertThat(ExactlyOnceCheck.problems(plan, BROKER_MAX)).isEmpty();
    }

    @Test
    void refusesATimeoutAboveTheBrokersMaximumOrShorterThanIntervalPlusTimeoutPlusRestartBudget() {
        PipelinePlan plan = TestPlans.plan(List.of(TestPlans.kafkaSink("big", 20 * MINUTE, List.of()),
                TestPlans.kafkaSink("small", 5 * MINUTE, List.of())), SQL,
                TestPlans.checkpoints(MINUTE, DeliveryGuarantee.EXACTLY_ONCE));
        List<String> problems = ExactlyOnceCheck.problems(plan, BROKER_MAX);
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("Kafka sink 'big' asks for transactionTimeout 20m but the broker allows"
                + " at most 15m");
        assertThat(problems.get(1)).contains("Kafka sink 'small'").contains("= 13m, longer than its"
                + " transactionTimeout (5m)").contains("shorten checkpoints.interval");
        assertThat(problems.get(2)).as("the dead-letter producer takes the shortest sink timeout")
                .contains("dead letters (shop.sessionize.dlq)");
    }

    @Test
    void atLeastOnceHasNoTransactionsToLose() {
        PipelinePlan plan = TestPlans.plan(List.of(TestPlans.kafkaSink("sessions", MINUTE, List.of())), SQL,
                TestPlans.checkpoints(MINUTE, DeliveryGuarantee.AT_LEAST_ONCE));
        assertThat(ExactlyOnceCheck.problems(plan, BROKER_MAX)).isEmpty();
    }

    @Test
    void theDeadLetterTimeoutIsTheShortestSinkTimeoutCappedByTheBroker() {
        PipelinePlan none = TestPlans.plan(List.of(TestPlans.jdbcSink("t")), SQL,
                TestPlans.checkpoints(MINUTE, DeliveryGuarantee.EXACTLY_ONCE));
        assertThat(ExactlyOnceCheck.deadLetterTransactionTimeout(none, BROKER_MAX)).isEqualTo(Duration.ofMinutes(15));
        assertThat(ExactlyOnceCheck.deadLetterTransactionTimeout(none, Duration.ofMinutes(10)))
                .isEqualTo(Duration.ofMinutes(10));
        PipelinePlan two = TestPlans.plan(List.of(TestPlans.kafkaSink("a", 9 * MINUTE, List.of()),
                TestPlans.kafkaSink("b", 12 * MINUTE, List.of())), SQL,
                TestPlans.checkpoints(MINUTE, DeliveryGuarantee.EXACTLY_ONCE));
        assertThat(ExactlyOnceCheck.deadLetterTransactionTimeout(two, BROKER_MAX)).isEqualTo(Duration.ofMinutes(9));
    }
}
