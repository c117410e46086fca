package dev.tributary.bench.autoscaler;

/**
 * What one controller did with one trace.
 *
 * @param accumulatedLag  records·s of real (not committed-offset) lag
 * @param actionsAfterStep rescales from the trace's first step to its end, -1 when the trace has no step
 */
record RunResult(String trace, String controller, int rescales, int reversals, int actionsAfterStep,
                 double accumulatedLag, double maxLagSeconds, double taskManagerSeconds, double hours,
                 double processed, double arrived) {

    double reversalsPerHour() {
        return reversals / hours;
    }
}
