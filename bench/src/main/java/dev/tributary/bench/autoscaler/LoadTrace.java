package dev.tributary.bench.autoscaler;

import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Records per second arriving at each second of a run, and the most the rest of the pipeline lets through (a slow
 * sink caps throughput whatever the TaskManager count).
 *
 * @param steps the seconds at which load changes abruptly: the simulation counts the actions each controller takes
 *              after each of them
 */
record LoadTrace(String name, int seconds, IntToDoubleFunction arrivals, double sinkLimit, List<Integer> steps) {

    // Steady levels sit at least 10 % below a capacity step (24 partitions spread evenly over 1, 2, 3, 4, 6, 8, 12
    // or 24 TaskManagers of 10,000 rec/s), so the oracle and a policy with 10 % headroom want the same count there;
    // the ramp and the diurnal curve pass through every level and show what headroom costs.

    static LoadTrace stepUp() {
        return new LoadTrace("step up", 3600, t -> t < 600 ? 15_000 : 50_000, Double.POSITIVE_INFINITY, List.of(600));
    }

    static LoadTrace stepDown() {
        return new LoadTrace("step down", 4800, t -> t < 1200 ? 50_000 : 15_000, Double.POSITIVE_INFINITY,
                List.of(1200));
    }

    static LoadTrace ramp() {
        return new LoadTrace("ramp", 4800, t -> 5_000 + 95_000 * Math.min(1.0, t / 3600.0),
                Double.POSITIVE_INFINITY, List.of());
    }

    static LoadTrace spike() {
        return new LoadTrace("spike", 3600, t -> t >= 1200 && t < 1350 ? 50_000 : 15_000, Double.POSITIVE_INFINITY,
                List.of(1200));
    }

    static LoadTrace diurnal() {
        return new LoadTrace("diurnal", 21_600, t -> 10_000 + 45_000 * (1 - Math.cos(2 * Math.PI * t / 21_600.0)) / 2,
                Double.POSITIVE_INFINITY, List.of());
    }

    /** The sawtooth's level changes every this many seconds. */
    static final int SAWTOOTH_PHASE_SECONDS = 900;

    static LoadTrace sawtooth() {
        return new LoadTrace("sawtooth", 21_600, t -> (t / SAWTOOTH_PHASE_SECONDS) % 2 == 0 ? 50_000 : 15_000,
                Double.POSITIVE_INFINITY, List.of());
    }

    static LoadTrace slowSink() {
        return new LoadTrace("slow sink", 3600, t -> 40_000, 25_000, List.of());
    }

    static List<LoadTrace> all() {
        return List.of(stepUp(), stepDown(), ramp(), spike(), diurnal(), sawtooth(), slowSink());
    }

    double rateAt(int second) {
        return arrivals.applyAsDouble(second);
    }
}
