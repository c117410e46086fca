package dev.tributary.autoscaler;

import java.time.Instant;

/**
 * What the policy keeps from one decision to the next. The operator stores it with the Pipeline's status, so a
 * restarted operator decides as the old one would have.
 *
 * @param lastScaleTime          when the count last changed, or null
 * @param lastAction             the direction of that change, HOLD if none yet
 * @param flapped                a scale-down was undone within the reversal window: scale-downs now need a whole
 *                               window of low load, until one stands for a whole window
 * @param input                  the input rate over the last scale-down delay (or reversal window, the longer)
 * @param capacityPerTaskManager records per second one TaskManager processes at full spread, NaN until seen
 * @param probeFrom              the count before the last scale-up, while its effect is still to be judged; 0 if none
 * @param rateBeforeProbe        the processed rate at that count
 * @param ceiling                a count that scaling beyond did not raise throughput; 0 if none
 */
public record ScalingMemory(Instant lastScaleTime, ScalingAction lastAction, boolean flapped, InputHistory input,
                            double capacityPerTaskManager, int probeFrom, double rateBeforeProbe, int ceiling) {

    public static ScalingMemory initial() {
        return new ScalingMemory(null, ScalingAction.HOLD, false, InputHistory.empty(), Double.NaN, 0, Double.NaN, 0);
    }

    boolean capacityKnown() {
        return !Double.isNaN(capacityPerTaskManager) && capacityPerTaskManager > 0;
    }

    ScalingMemory withCapacity(double perTaskManager) {
        return new ScalingMemory(lastScaleTime, lastAction, flapped, input, perTaskManager, probeFrom,
                rateBeforeProbe, ceiling);
    }

    ScalingMemory withInput(InputHistory history) {
        return new ScalingMemory(lastScaleTime, lastAction, flapped, history, capacityPerTaskManager, probeFrom,
                rateBeforeProbe, ceiling);
    }

    /** A scale-down that stood for a whole reversal window: load no longer swings back and forth. */
    ScalingMemory settledAfter(java.time.Duration reversalWindow, Instant now) {
        boolean settled = flapped && lastAction == ScalingAction.SCALE_DOWN && lastScaleTime != null
                && !now.isBefore(lastScaleTime.plus(reversalWindow));
        return settled ? new ScalingMemory(lastScaleTime, lastAction, false, input, capacityPerTaskManager,
                probeFrom, rateBeforeProbe, ceiling) : this;
    }

    ScalingMemory withCeiling(int newCeiling) {
        return new ScalingMemory(lastScaleTime, lastAction, flapped, input, capacityPerTaskManager, 0,
                Double.NaN, newCeiling);
    }

    ScalingMemory probeJudged() {
        return new ScalingMemory(lastScaleTime, lastAction, flapped, input, capacityPerTaskManager, 0,
                Double.NaN, ceiling);
    }

    ScalingMemory scaled(Instant at, ScalingAction action, boolean reversalWithinWindow, int from, double rate) {
        boolean stillFlapped = flapped || (action == ScalingAction.SCALE_UP && reversalWithinWindow);
        int probe = action == ScalingAction.SCALE_UP ? from : 0;
        double before = action == ScalingAction.SCALE_UP ? rate : Double.NaN;
        return new ScalingMemory(at, action, stillFlapped, input, capacityPerTaskManager, probe, before, ceiling);
    }
}
