package dev.tributary.autoscaler;

import java.time.Duration;
import java.time.Instant;

/**
 * What the policy keeps from one decision to the next. A restarted operator gets back the decision history from the
 * Pipeline's status ({@link #restored}), not the input window: it observes a whole window again before a scale-down.
 *
 * @param lastScaleTime          when the count last changed, or null
 * @param lastAction             the direction of that change, HOLD if none yet
 * @param reversalGuardSince     when a scale-down was undone within the reversal window (a flap), or null: while set,
 *                               scale-downs need a whole window of low load, until one stands for a whole window
 * @param input                  the input rate over the last scale-down delay (or reversal window, the longer)
 * @param capacityPerTaskManager records per second one TaskManager processes at full spread, NaN until seen
 * @param probeFrom              the count before the last scale-up, while its effect is still to be judged; 0 if none
 * @param rateBeforeProbe        the processed rate at that count
 * @param ceiling                a count that scaling beyond did not raise throughput; 0 if none
 */
public record ScalingMemory(Instant lastScaleTime, ScalingAction lastAction, Instant reversalGuardSince,
                            InputHistory input, double capacityPerTaskManager, int probeFrom, double rateBeforeProbe,
                            int ceiling) {

    public static ScalingMemory initial() {
        return new ScalingMemory(null, ScalingAction.HOLD, null, InputHistory.empty(), Double.NaN, 0, Double.NaN, 0);
    }

    /**
     * The memory of a restarted operator, from what the status kept: when and which way the count last changed, and
     * the flap guard. The input window starts empty, so no scale-down comes before a whole {@code scaleDownDelay} (a
     * whole reversal window while the guard holds) has been observed again; a scale-up after a restored scale-down
     * within the reversal window is a reversal, as it would have been without the restart.
     */
    public static ScalingMemory restored(Instant lastScaleTime, ScalingAction lastAction,
                                         Instant reversalGuardSince) {
        return new ScalingMemory(lastScaleTime, lastScaleTime == null ? ScalingAction.HOLD : lastAction,
                reversalGuardSince, InputHistory.empty(), Double.NaN, 0, Double.NaN, 0);
    }

    /** A scale-down had to be undone within the reversal window, and none has stood for a whole window since. */
    public boolean flapped() {
        return reversalGuardSince != null;
    }

    boolean capacityKnown() {
        return !Double.isNaN(capacityPerTaskManager) && capacityPerTaskManager > 0;
    }

    ScalingMemory withCapacity(double perTaskManager) {
        return new ScalingMemory(lastScaleTime, lastAction, reversalGuardSince, input, perTaskManager, probeFrom,
                rateBeforeProbe, ceiling);
    }

    ScalingMemory withInput(InputHistory history) {
        return new ScalingMemory(lastScaleTime, lastAction, reversalGuardSince, history, capacityPerTaskManager,
                probeFrom, rateBeforeProbe, ceiling);
    }

    /** A scale-down that stood for a whole reversal window: load no longer swings back and forth. */
    ScalingMemory settledAfter(Duration reversalWindow, Instant now) {
        boolean settled = flapped() && lastAction == ScalingAction.SCALE_DOWN && lastScaleTime != null
                && !now.isBefore(lastScaleTime.plus(reversalWindow));
        return settled ? new ScalingMemory(lastScaleTime, lastAction, null, input, capacityPerTaskManager,
                probeFrom, rateBeforeProbe, ceiling) : this;
    }

    ScalingMemory withCeiling(int newCeiling) {
        return new ScalingMemory(lastScaleTime, lastAction, reversalGuardSince, input, capacityPerTaskManager, 0,
                Double.NaN, newCeiling);
    }

    ScalingMemory probeJudged() {
        return new ScalingMemory(lastScaleTime, lastAction, reversalGuardSince, input, capacityPerTaskManager, 0,
                Double.NaN, ceiling);
    }

    ScalingMemory scaled(Instant at, ScalingAction action, boolean reversalWithinWindow, int from, double rate) {
        Instant guard = reversalGuardSince == null && action == ScalingAction.SCALE_UP && reversalWithinWindow ? at
                : reversalGuardSince;
        int probe = action == ScalingAction.SCALE_UP ? from : 0;
        double before = action == ScalingAction.SCALE_UP ? rate : Double.NaN;
        return new ScalingMemory(at, action, guard, input, capacityPerTaskManager, probe, before, ceiling);
    }
}
