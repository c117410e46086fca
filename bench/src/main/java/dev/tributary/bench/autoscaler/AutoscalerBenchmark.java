package dev.tributary.bench.autoscaler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * B4: replays load traces through Tributary's autoscaler policy, a KEDA-style lag rule and an oracle, with a 40 s
 * restart per rescale and offsets committed every 30 s, and prints per trace what each did and the ratios.
 * Run: {@code ./mvnw -B -pl bench -am verify -Pbench-autoscaler}.
 */
public final class AutoscalerBenchmark {

    private AutoscalerBenchmark() {
    }

    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "Autoscaler simulation: %,.0f rec/s per TaskManager, %d partitions,"
                        + " %d s restart per rescale, checkpoints every %d s; target lag %d s, scale-down delay %s%n%n",
                SimulatedPipeline.CAPACITY_PER_TASK_MANAGER, SimulatedPipeline.PARTITIONS,
                SimulatedPipeline.RESTART_SECONDS, SimulatedPipeline.CHECKPOINT_SECONDS,
                TraceComparison.TARGET_LAG.toSeconds(), TraceComparison.SCALE_DOWN_DELAY);
        System.out.printf(Locale.ROOT, "%-10s %-10s %8s %9s %11s %14s %10s %10s%n", "trace", "controller",
                "rescales", "reversals", "after step", "lag Mrec·s", "max lag s", "TM·h");
        List<String> missed = new ArrayList<>();
        for (LoadTrace trace : LoadTrace.all()) {
            TraceComparison comparison = TraceComparison.of(trace);
            print(comparison.tributary());
            print(comparison.keda());
            System.out.printf(Locale.ROOT, "%-10s %-10s %8s %9s %11s %14s %10s %10.2f%n", trace.name(), "oracle",
                    "", "", "", "", "", comparison.oracleTaskManagerSeconds() / 3600);
            System.out.printf(Locale.ROOT, "%-10s ratios: rescales %.2f× KEDA, accumulated lag %.2f× KEDA,"
                            + " TaskManager·s %.2f× oracle%n", trace.name(), comparison.rescaleRatio(),
                    comparison.lagRatio(), comparison.taskManagerSecondsRatio());
            missed.addAll(comparison.missedTargets());
            if (!comparison.followsLoad()) {
                double oracle = comparison.oracleTaskManagerSeconds();
                ScheduleSearch.Best anywhere = TraceComparison.sawtoothBound(false);
                ScheduleSearch.Best apart = TraceComparison.sawtoothBound(true);
                System.out.printf(Locale.ROOT, "%-10s best schedule knowing the trace, lag ≤ %d s outside each"
                                + " restart + %d s, ≤ %d reversals: %.2f× oracle (%d reversals; rescales %s)%n",
                        trace.name(), TraceComparison.TARGET_LAG.toSeconds(), ScheduleSearch.WARM_UP_SECONDS,
                        trace.seconds() / 3600, anywhere.taskManagerSeconds() / oracle, anywhere.reversals(),
                        anywhere.rescales());
                System.out.printf(Locale.ROOT, "%-10s the same with no two reversals within an hour: %.2f× oracle"
                                + " (%d reversals; rescales %s)%n", trace.name(),
                        apart.taskManagerSeconds() / oracle, apart.reversals(), apart.rescales());
                if (comparison.taskManagerSecondsRatio() > 1.2) {
                    missed.add(String.format(Locale.ROOT, "%s: TaskManager·s %.2f× the oracle's (target ≤ 1.2×;"
                            + " the best schedule found with ≤ 1 reversal an hour and the lag within target is"
                            + " %.2f×, above)", trace.name(), comparison.taskManagerSecondsRatio(),
                            anywhere.taskManagerSeconds() / oracle));
                }
            }
            System.out.println();
        }
        if (missed.isEmpty()) {
            System.out.println("All targets met.");
        } else {
            System.out.println("Targets missed:");
            missed.forEach(m -> System.out.println("  " + m));
        }
    }

    private static void print(RunResult run) {
        System.out.printf(Locale.ROOT, "%-10s %-10s %8d %9d %11s %14.1f %10.0f %10.2f%n", run.trace(),
                run.controller(), run.rescales(), run.reversals(),
                run.actionsAfterStep() < 0 ? "-" : String.valueOf(run.actionsAfterStep()),
                run.accumulatedLag() / 1e6, run.maxLagSeconds(), run.taskManagerSeconds() / 3600);
    }
}
