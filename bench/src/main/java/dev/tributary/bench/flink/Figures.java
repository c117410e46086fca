package dev.tributary.bench.flink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Rounds of one side on one workload: records per second and per CPU-second. */
final class Figures {

    final List<Double> perSecond = new ArrayList<>();
    final List<Double> perCpuSecond = new ArrayList<>();

    void add(long records, long wallNanos, long cpuNanos) {
        perSecond.add(records / (wallNanos / 1e9));
        perCpuSecond.add(records / (cpuNanos / 1e9));
    }

    /** A run's steady part: the nine tenths of its records after the first tenth (nothing when it had no mark). */
    void addSteady(long records, long wallNanos, long cpuNanos) {
        if (wallNanos > 0 && cpuNanos > 0) {
            add(records * 9 / 10, wallNanos, cpuNanos);
        }
    }

    /** The median ratio of rec/CPU-s, or NaN when either side has no figures. */
    static double cpuRatio(Figures ours, Figures theirs) {
        return ours.perCpuSecond.isEmpty() || theirs.perCpuSecond.isEmpty() ? Double.NaN
                : median(ours.perCpuSecond) / median(theirs.perCpuSecond);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String range(List<Double> values) {
        if (values.isEmpty()) {
            return "n/a";
        }
        return String.format("%,.0f (%,.0f–%,.0f)", median(values), Collections.min(values), Collections.max(values));
    }
}
