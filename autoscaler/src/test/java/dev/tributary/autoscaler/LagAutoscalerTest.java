package dev.tributary.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LagAutoscalerTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    private static final ScalingBounds BOUNDS = new ScalingBounds(1, 24, 24, 1);
    private static final Duration NO_TRAIL = Duration.ZERO;

    private final LagAutoscaler policy = new LagAutoscaler(
            AutoscalerSettings.of(Duration.ofSeconds(30), Duration.ofMinutes(10)));

    private static LoadSample sample(long secondsAfterStart, int taskManagers, long lag, double in, double processed,
                                     double busy) {
        return new LoadSample(T0.plusSeconds(secondsAfterStart), taskManagers, lag, in, processed, busy, NO_TRAIL);
    }

    @Test
    void backlogAboveTargetScalesUpAndTheReasonGivesTheFigures() {
        // 2 TaskManagers saturated at 20,000 rec/s, 41,000 rec/s arriving, 1.9 M records behind
        ScalingDecision decision = policy.decide(sample(0, 2, 1_900_000, 41_000, 20_000, 1.0), BOUNDS,
                ScalingMemory.initial());
        assertThat(decision.action()).isEqualTo(ScalingAction.SCALE_UP);
        // enough to keep up with 41,000 rec/s plus headroom, and to drain the backlog (and the restart's) within the
        // catch-up time: the headroom is what drains it
        assertThat(LagAutoscaler.capacity(decision.desiredTaskManagers(), 10_000, BOUNDS))
                .isGreaterThanOrEqualTo(Math.max(41_000 * 1.1, 41_000 + (1_900_000 + 41_000 * 45) / 600.0));
        assertThat(decision.reason()).startsWith("lag 95 s > target 30 s at 41,000 rec/s in; ")
                .contains(decision.desiredTaskManagers() + " TaskManagers drain it in ");
        assertThat(decision.memory().lastScaleTime()).isEqualTo(T0);
    }

    @Test
    void theChosenCountSpreadsPartitionsEvenly() {
        // 62,000 rec/s needed: 7 TaskManagers leave a reader 4 partitions as 6 do (60,000 rec/s), so 8
        ScalingDecision decision = policy.decide(sample(0, 2, 1_900_000, 55_000, 20_000, 1.0), BOUNDS,
                ScalingMemory.initial());
        int chosen = decision.desiredTaskManagers();
        assertThat(chosen).isEqualTo(8);
        assertThat(24 % chosen).as("24 partitions over %d TaskManagers", chosen).isZero();
    }

    @Test
    void neverAboveThePartitionsOrMax() {
        ScalingBounds bounds = new ScalingBounds(1, 5, 24, 1);
        ScalingDecision decision = policy.decide(sample(0, 2, 50_000_000, 100_000, 20_000, 1.0), bounds,
                ScalingMemory.initial());
        assertThat(decision.desiredTaskManagers()).isEqualTo(5);
        assertThat(decision.atMaximum()).isTrue();

        ScalingDecision atMax = policy.decide(sample(0, 5, 50_000_000, 100_000, 50_000, 1.0), bounds,
                ScalingMemory.initial());
        assertThat(atMax.action()).isEqualTo(ScalingAction.HOLD);
        assertThat(atMax.atMaximum()).isTrue();
        assertThat(atMax.reason()).contains("5 TaskManagers is the most parallelism.max 5 and the 24 source"
                + " partitions allow");
    }

    @Test
    void aSpikeThatDrainsFasterThanARestartIsNotScaledFor() {
        // 33 s of lag that 4 TaskManagers with 30,000 spare rec/s drain in 44 s: a restart alone costs 45 s
        ScalingDecision decision = policy.decide(sample(0, 4, 1_300_000, 10_000, 40_000, 1.0), BOUNDS,
                ScalingMemory.initial().withCapacity(10_000));
        assertThat(decision.action()).isEqualTo(ScalingAction.HOLD);
        assertThat(decision.reason()).startsWith("lag 33 s > target 30 s")
                .contains("4 TaskManagers drain it in 44 s, sooner than a rescale");
    }

    @Test
    void lagThatOnlyReflectsTheCheckpointIntervalIsNotScaledFor() {
        // offsets are committed every 60 s: 60 s of input always sits between the commit and the readers
        LoadSample sawtooth = new LoadSample(T0, 2, 1_200_000, 20_000, 20_000, 0.5, Duration.ofSeconds(60));
        ScalingDecision decision = policy.decide(sawtooth, BOUNDS, ScalingMemory.initial());
        assertThat(decision.action()).isEqualTo(ScalingAction.HOLD);
        assertThat(decision.lagSeconds()).isZero();
    }

    @Test
    void anEmptyTopicOrAGroupThatNeverCommittedIsNotLag() {
        LoadSample unknown = new LoadSample(T0, 3, LoadSample.UNKNOWN_LAG, 0, 0, Double.NaN, NO_TRAIL);
        ScalingDecision decision = policy.decide(unknown, BOUNDS, ScalingMemory.initial());
        assertThat(decision.action()).isEqualTo(ScalingAction.HOLD);
        assertThat(decision.desiredTaskManagers()).isEqualTo(3);
        assertThat(decision.reason()).contains("lag unknown");
    }

    @Test
    void theRestartsOwnLagIsIgnoredUntilItSettles() {
        ScalingDecision up = policy.decide(sample(0, 2, 1_900_000, 41_000, 20_000, 1.0), BOUNDS,
                ScalingMemory.initial());
        int scaled = up.desiredTaskManagers();
        ScalingDecision during = policy.decide(sample(60, scaled, 4_000_000, 41_000, 0, Double.NaN), BOUNDS,
                up.memory());
        assertThat(during.action()).isEqualTo(ScalingAction.HOLD);
        assertThat(during.reason()).contains("ignoring the restart's lag");
    }

    @Test
    void scaleDownOnlyAfterTheDelayOfLowLoad() {
        ScalingMemory memory = ScalingMemory.initial().withCapacity(10_000);
        ScalingDecision first = policy.decide(sample(0, 6, 0, 15_000, 15_000, 0.25), BOUNDS, memory);
        assertThat(first.action()).isEqualTo(ScalingAction.HOLD);
        assertThat(first.reason()).contains("fits 2 TaskManagers").contains("once it has for 10m");

        ScalingDecision nine = policy.decide(sample(540, 6, 0, 15_000, 15_000, 0.25), BOUNDS, first.memory());
        assertThat(nine.action()).isEqualTo(ScalingAction.HOLD);

        ScalingDecision ten = policy.decide(sample(600, 6, 0, 15_000, 15_000, 0.25), BOUNDS, nine.memory());
        assertThat(ten.action()).isEqualTo(ScalingAction.SCALE_DOWN);
        assertThat(ten.desiredTaskManagers()).isEqualTo(2);
        assertThat(ten.reason()).contains("scaling down from 6");
    }

    @Test
    void aBurstWithinTheDelayKeepsTheTaskManagersItsVolumeNeeds() {
        ScalingMemory memory = ScalingMemory.initial().withCapacity(10_000);
        ScalingDecision low = policy.decide(sample(0, 6, 0, 15_000, 15_000, 0.25), BOUNDS, memory);
        ScalingDecision busy = policy.decide(sample(300, 6, 0, 55_000, 55_000, 0.92), BOUNDS, low.memory());
        assertThat(busy.action()).isEqualTo(ScalingAction.HOLD);
        // the last 10 minutes averaged 35,000 rec/s: 4 TaskManagers carry that with headroom, 2 would not
        ScalingDecision lowAgain = policy.decide(sample(600, 6, 0, 15_000, 15_000, 0.25), BOUNDS, busy.memory());
        assertThat(lowAgain.action()).isEqualTo(ScalingAction.SCALE_DOWN);
        assertThat(lowAgain.desiredTaskManagers()).isEqualTo(4);
        assertThat(lowAgain.reason()).contains("the input of the last 10m (35,000 rec/s on average, 15,000 rec/s now)");
    }

    @Test
    void taskManagersAddedToDrainABacklogGoOnceItIsDrainedWithoutWaitingForTheDelay() {
        // 20 minutes at 15,000 rec/s, then a scale-up to 8 for a burst; the burst ended and the backlog is drained
        ScalingMemory memory = ScalingMemory.initial().withCapacity(10_000);
        for (int t = 0; t <= 1200; t += 15) {
            memory = policy.decide(sample(t, 2, 0, 15_000, 15_000, 0.75), BOUNDS, memory).memory();
        }
        memory = policy.decide(sample(1215, 2, 1_500_000, 50_000, 20_000, 1.0), BOUNDS, memory).memory();
        for (int t = 1230; t <= 1305; t += 15) {
            memory = policy.decide(sample(t, 8, 0, 50_000, 50_000, 0.62), BOUNDS, memory).memory();
        }
        ScalingDecision drained = policy.decide(sample(1320, 8, 0, 15_000, 15_000, 0.19), BOUNDS, memory);
        assertThat(drained.action()).as(drained.reason()).isEqualTo(ScalingAction.SCALE_DOWN);
        assertThat(drained.desiredTaskManagers()).as("what the last 10 minutes' volume needs, not the burst's peak")
                .isEqualTo(3);
    }

    @Test
    void aScaleDownWhoseOwnRestartWouldPutTheLagAboveTargetIsNotTaken() {
        // 6 TaskManagers (60,000 rec/s) carry 54,000 rec/s, but the 45 s restart piles up 2.4 M records, still
        // 35 s behind when the warm-up ends: the next decision would scale up again
        ScalingMemory memory = ScalingMemory.initial().withCapacity(10_000);
        memory = policy.decide(sample(0, 8, 0, 54_000, 54_000, 0.68), BOUNDS, memory).memory();
        ScalingDecision busy = policy.decide(sample(600, 8, 0, 54_000, 54_000, 0.68), BOUNDS, memory);
        assertThat(busy.action()).as(busy.reason()).isEqualTo(ScalingAction.HOLD);

        memory = policy.decide(sample(0, 8, 0, 44_000, 44_000, 0.55), BOUNDS, ScalingMemory.initial()
                .withCapacity(10_000)).memory();
        ScalingDecision lighter = policy.decide(sample(600, 8, 0, 44_000, 44_000, 0.55), BOUNDS, memory);
        assertThat(lighter.action()).as("at 44,000 rec/s the restart's lag drains in time").isEqualTo(
                ScalingAction.SCALE_DOWN);
        assertThat(lighter.desiredTaskManagers()).isEqualTo(6);
    }

    @Test
    void noScaleDownWhileABacklogIsBeingDrained() {
        ScalingMemory memory = ScalingMemory.initial().withCapacity(10_000)
                .withInput(new InputHistory(T0.minusSeconds(3600), java.util.List.of()));
        // 20 s behind, within target, but still draining
        ScalingDecision decision = policy.decide(sample(0, 6, 400_000, 15_000, 20_000, 0.33), BOUNDS, memory);
        assertThat(decision.action()).isEqualTo(ScalingAction.HOLD);
    }

    @Test
    void aScaleUpThatDidNotRaiseThroughputIsUndoneAndNotRepeated() {
        // a sink that takes 25,000 rec/s whatever the count
        ScalingDecision up = policy.decide(sample(0, 2, 3_000_000, 40_000, 25_000, 1.0), BOUNDS,
                ScalingMemory.initial());
        assertThat(up.action()).isEqualTo(ScalingAction.SCALE_UP);
        int scaled = up.desiredTaskManagers();

        ScalingDecision judged = policy.decide(sample(120, scaled, 5_000_000, 40_000, 25_300, 1.0), BOUNDS,
                up.memory());
        assertThat(judged.action()).isEqualTo(ScalingAction.SCALE_DOWN);
        assertThat(judged.desiredTaskManagers()).isEqualTo(2);
        assertThat(judged.reason()).contains("did not raise throughput (25,000 rec/s → 25,300 rec/s)");

        ScalingDecision after = policy.decide(sample(300, 2, 9_000_000, 40_000, 25_000, 1.0), BOUNDS,
                judged.memory());
        assertThat(after.action()).isEqualTo(ScalingAction.HOLD);
        assertThat(after.atMaximum()).isTrue();
        assertThat(after.reason()).contains("more than 2 TaskManagers did not raise throughput");
    }

    @Test
    void aScaleDownUndoneWithinTheHourMakesTheNextOneWaitAnHour() {
        ScalingMemory memory = ScalingMemory.initial().withCapacity(10_000);
        ScalingDecision low = policy.decide(sample(0, 6, 0, 15_000, 15_000, 0.25), BOUNDS, memory);
        ScalingDecision down = policy.decide(sample(600, 6, 0, 15_000, 15_000, 0.25), BOUNDS, low.memory());
        assertThat(down.action()).isEqualTo(ScalingAction.SCALE_DOWN);

        ScalingDecision upAgain = policy.decide(sample(1200, 2, 3_000_000, 55_000, 20_000, 1.0), BOUNDS,
                down.memory());
        assertThat(upAgain.action()).isEqualTo(ScalingAction.SCALE_UP);
        assertThat(upAgain.memory().flapped()).isTrue();

        int high = upAgain.desiredTaskManagers();
        ScalingDecision lowAgain = policy.decide(sample(1800, high, 0, 15_000, 15_000, 0.25), BOUNDS,
                upAgain.memory());
        ScalingDecision tenMinutesLater = policy.decide(sample(2400, high, 0, 15_000, 15_000, 0.25), BOUNDS,
                lowAgain.memory());
        assertThat(tenMinutesLater.action()).isEqualTo(ScalingAction.HOLD);
        assertThat(tenMinutesLater.reason()).contains("had to be undone within 1h");

        ScalingDecision anHourLater = policy.decide(sample(1800 + 3600, high, 0, 15_000, 15_000, 0.25), BOUNDS,
                tenMinutesLater.memory());
        assertThat(anHourLater.action()).isEqualTo(ScalingAction.SCALE_DOWN);
    }

    @Test
    void aCountOutsideTheBoundsIsBroughtInsideAndNeverToZero() {
        ScalingBounds bounds = new ScalingBounds(3, 6, 24, 1);
        ScalingDecision fromZero = policy.decide(sample(0, 0, 0, 0, 0, Double.NaN), bounds, ScalingMemory.initial());
        assertThat(fromZero.desiredTaskManagers()).isEqualTo(3);
        assertThat(fromZero.reason()).contains("below parallelism.min 3");

        ScalingDecision tooMany = policy.decide(sample(0, 9, 0, 0, 0, Double.NaN), bounds, ScalingMemory.initial());
        assertThat(tooMany.desiredTaskManagers()).isEqualTo(6);
    }

    @Test
    void minAbovePartitionsIsReportedInTheReason() {
        ScalingBounds bounds = new ScalingBounds(8, 8, 6, 1);
        ScalingDecision decision = policy.decide(sample(0, 8, 0, 0, 0, Double.NaN), bounds, ScalingMemory.initial());
        assertThat(decision.desiredTaskManagers()).isEqualTo(6);
        assertThat(decision.reason()).contains("parallelism.min 8 asks for more readers than the 6 partitions");
    }

    @Test
    void nothingProcessedYetHoldsInsteadOfGuessing() {
        ScalingDecision decision = policy.decide(sample(0, 2, 500_000, 10_000, 0, Double.NaN), BOUNDS,
                ScalingMemory.initial());
        assertThat(decision.action()).isEqualTo(ScalingAction.HOLD);
        assertThat(decision.lagSeconds()).isInfinite();
        assertThat(decision.reason()).contains("nothing is processed yet");
    }

    @Test
    void aReasonSaysInWordsWhenProcessingIsNotMeasuredYet() {
        // what one TaskManager takes is known from earlier, but nothing was processed in this poll (a stalled job)
        ScalingDecision decision = policy.decide(sample(0, 2, 3_000_000, 30_000, 0, Double.NaN), BOUNDS,
                ScalingMemory.initial().withCapacity(10_000));
        assertThat(decision.action()).isEqualTo(ScalingAction.SCALE_UP);
        assertThat(decision.reason()).startsWith("lag of 3,000,000 records, processing not measured yet, > target 30 s")
                .doesNotContain("∞").doesNotContain("Infinity");
    }

    @Test
    void aCountThatCannotOutpaceTheInputIsSaidInWords() {
        ScalingBounds three = new ScalingBounds(1, 3, 24, 1);
        ScalingDecision decision = policy.decide(sample(0, 2, 9_000_000, 100_000, 20_000, 1.0), three,
                ScalingMemory.initial());
        assertThat(decision.desiredTaskManagers()).isEqualTo(3);
        assertThat(decision.reason()).contains("3 TaskManagers are the most that help").doesNotContain("∞");
    }

    @Test
    void scaleDownWaitsUntilTheCapacityOfATaskManagerIsKnown() {
        ScalingDecision decision = policy.decide(sample(0, 6, 0, 1_000, 1_000, Double.NaN), BOUNDS,
                ScalingMemory.initial());
        assertThat(decision.action()).isEqualTo(ScalingAction.HOLD);
        assertThat(decision.reason()).contains("not known yet");
    }
}
