package dev.tributary.bench.autoscaler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Tributary's policy, the KEDA-style rule and the oracle on one trace, and the targets the policy must meet. */
record TraceComparison(LoadTrace trace, RunResult tributary, RunResult keda, double oracleTaskManagerSeconds) {

    static final Duration TARGET_LAG = Duration.ofSeconds(30);
    static final Duration SCALE_DOWN_DELAY = Duration.ofMinutes(10);

    static TraceComparison of(LoadTrace trace) {
        RunResult ours = Simulation.run(trace, new TributaryController(TARGET_LAG, SCALE_DOWN_DELAY));
        RunResult keda = Simulation.run(trace,
                new KedaLagRule(SimulatedPipeline.CAPACITY_PER_TASK_MANAGER * TARGET_LAG.toSeconds()));
        return new TraceComparison(trace, ours, keda, Simulation.oracleTaskManagerSeconds(trace));
    }

    double rescaleRatio() {
        return ratio(tributary.rescales(), keda.rescales());
    }

    double lagRatio() {
        return ratio(tributary.accumulatedLag(), keda.accumulatedLag());
    }

    double taskManagerSecondsRatio() {
        return tributary.taskManagerSeconds() / oracleTaskManagerSeconds;
    }

    /** The targets that apply to this trace, each with what was measured; empty when all are met. */
    List<String> missedTargets() {
        List<String> missed = new ArrayList<>();
        if (tributary.actionsAfterStep() > 3) {
            missed.add(trace.name() + ": " + tributary.actionsAfterStep() + " actions after the step (target ≤ 3)");
        }
        if (keda.rescales() > 0 && tributary.rescales() > 0.5 * keda.rescales()) {
            missed.add(trace.name() + ": " + tributary.rescales() + " rescales vs the KEDA rule's " + keda.rescales()
                    + " (target ≤ half)");
        }
        if (limitsLag() && keda.accumulatedLag() > 0 && tributary.accumulatedLag() > 0.5 * keda.accumulatedLag()) {
            missed.add(trace.name() + String.format(Locale.ROOT, ": accumulated lag %.2f× the KEDA rule's"
                    + " (target ≤ 0.5×)", lagRatio()));
        }
        if (followsLoad() && taskManagerSecondsRatio() > 1.2) {
            missed.add(trace.name() + String.format(Locale.ROOT, ": TaskManager·s %.2f× the oracle's"
                    + " (target ≤ 1.2×)", taskManagerSecondsRatio()));
        }
        if (trace.name().equals("sawtooth") && tributary.reversalsPerHour() > 1) {
            missed.add(trace.name() + String.format(Locale.ROOT, ": %.2f reversals per hour (target ≤ 1)",
                    tributary.reversalsPerHour()));
        }
        return missed;
    }

    /**
     * The sawtooth's TaskManager·s are measured against what the reversal target leaves possible: the best schedule
     * that knows the whole trace, with at most one reversal per hour ({@code oneAnHourApart}: no two within an hour;
     * else as many as the trace has hours, anywhere) and the real lag within the target lag outside each rescale's
     * restart and warm-up. Seconds of CPU, so only for the sawtooth.
     */
    static ScheduleSearch.Best sawtoothBound(boolean oneAnHourApart) {
        LoadTrace sawtooth = LoadTrace.sawtooth();
        return ScheduleSearch.best(sawtooth, LoadTrace.SAWTOOTH_PHASE_SECONDS, sawtooth.seconds() / 3600,
                oneAnHourApart ? 3600 : 0, TARGET_LAG.toSeconds());
    }

    /** A slow sink caps throughput at any count: lag grows whatever a controller does. */
    boolean limitsLag() {
        return trace.sinkLimit() == Double.POSITIVE_INFINITY;
    }

    /**
     * On the sawtooth, following the load costs two restarts per cycle; the reversal target says not to, so its
     * TaskManager·s are held to the best schedule the reversal target allows ({@link #sawtoothBound}), not to the
     * oracle.
     */
    boolean followsLoad() {
        return !trace.name().equals("sawtooth");
    }

    private static double ratio(double ours, double theirs) {
        return theirs == 0 ? (ours == 0 ? 1 : Double.POSITIVE_INFINITY) : ours / theirs;
    }
}
