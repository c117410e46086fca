package dev.tributary.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An operator restart (or a new leader) keeps only what the Pipeline's status kept: {@link ScalingMemory#restored}.
 * It must not make a scale-down come sooner, nor forget a flap.
 */
class OperatorRestartTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    private static final ScalingBounds BOUNDS = new ScalingBounds(1, 24, 24, 1);

    private final LagAutoscaler policy = new LagAutoscaler(
            AutoscalerSettings.of(Duration.ofSeconds(30), Duration.ofMinutes(10)));

    private static LoadSample sample(long second, int taskManagers, long lag, double in, double processed,
                                     double busy) {
        return new LoadSample(T0.plusSeconds(second), taskManagers, lag, in, processed, busy, Duration.ZERO);
    }

    /** Low load on 6 TaskManagers, polled every 30 s from {@code from} to {@code to}; the last decision. */
    private ScalingDecision lowLoad(long from, long to, ScalingMemory memory) {
        ScalingDecision decision = null;
        for (long t = from; t <= to; t += 30) {
            decision = policy.decide(sample(t, 6, 0, 15_000, 15_000, 0.25), BOUNDS,
                    decision == null ? memory : decision.memory());
            if (decision.action() != ScalingAction.HOLD) {
                return decision;
            }
        }
        return decision;
    }

    private static ScalingMemory restart(ScalingMemory before) {
        return ScalingMemory.restored(before.lastScaleTime(), before.lastAction(), before.reversalGuardSince());
    }

    @Test
    void aRestartInTheMiddleOfTheWindowDoesNotScaleDownBeforeAWholeWindowIsObservedAgain() {
        ScalingDecision firstSixMinutes = lowLoad(0, 360, ScalingMemory.initial());
        assertThat(firstSixMinutes.action()).isEqualTo(ScalingAction.HOLD);

        ScalingDecision withoutRestart = lowLoad(390, 600, firstSixMinutes.memory());
        assertThat(withoutRestart.action()).as("10 minutes of low load fit 2 TaskManagers")
                .isEqualTo(ScalingAction.SCALE_DOWN);

        ScalingMemory restarted = restart(firstSixMinutes.memory());
        ScalingDecision tenMinutesOfLowLoad = lowLoad(390, 600, restarted);
        assertThat(tenMinutesOfLowLoad.action()).as("only 3.5 minutes observed since the restart")
                .isEqualTo(ScalingAction.HOLD);
        assertThat(tenMinutesOfLowLoad.reason()).contains("the input is known for 210s: scaling down once it has"
                + " for 10m");
        ScalingDecision almostAWindowAfter = lowLoad(390, 960, restarted);
        assertThat(almostAWindowAfter.action()).isEqualTo(ScalingAction.HOLD);
        ScalingDecision aWindowAfter = lowLoad(390, 990, restarted);
        assertThat(aWindowAfter.action()).isEqualTo(ScalingAction.SCALE_DOWN);
        assertThat(aWindowAfter.memory().lastScaleTime()).isEqualTo(T0.plusSeconds(990));
    }

    @Test
    void aScaleUpAfterARestartStillCountsAsTheReversalOfTheScaleDownBeforeIt() {
        ScalingDecision down = lowLoad(0, 600, ScalingMemory.initial());
        assertThat(down.action()).isEqualTo(ScalingAction.SCALE_DOWN);
        int low = down.desiredTaskManagers();

        LoadSample burst = sample(1200, low, 3_000_000, 55_000, 20_000, 1.0);
        ScalingDecision upAfterRestart = policy.decide(burst, BOUNDS, restart(down.memory()));
        assertThat(upAfterRestart.action()).isEqualTo(ScalingAction.SCALE_UP);
        assertThat(upAfterRestart.memory().flapped()).as("undone 10 minutes after the scale-down").isTrue();
        assertThat(upAfterRestart.memory().reversalGuardSince()).isEqualTo(T0.plusSeconds(1200));
        assertThat(policy.decide(burst, BOUNDS, ScalingMemory.initial()).memory().flapped())
                .as("an operator that forgot the scale-down would not count it").isFalse();
    }

    @Test
    void theFlapGuardOutlivesARestart() {
        ScalingDecision down = lowLoad(0, 600, ScalingMemory.initial());
        ScalingDecision up = policy.decide(sample(1200, down.desiredTaskManagers(), 3_000_000, 55_000, 20_000, 1.0),
                BOUNDS, down.memory());
        assertThat(up.memory().flapped()).isTrue();

        // back on 6 TaskManagers; restarted 5 minutes later; 20 minutes of low load after that
        ScalingDecision afterRestart = lowLoad(1500, 2700, restart(up.memory()));
        assertThat(afterRestart.action()).isEqualTo(ScalingAction.HOLD);
        assertThat(afterRestart.reason()).contains("had to be undone within 1h");
        ScalingDecision anHourAfterRestart = lowLoad(1500, 1500 + 3600 + 30, restart(up.memory()));
        assertThat(anHourAfterRestart.action()).isEqualTo(ScalingAction.SCALE_DOWN);
    }
}
