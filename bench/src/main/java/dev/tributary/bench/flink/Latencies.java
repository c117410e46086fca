package dev.tributary.bench.flink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** p50, p99 and max of end-to-end latencies in ms (nearest rank). */
record Latencies(long p50, long p99, long max, int count) {

    static Latencies of(List<Long> millis) {
        if (millis.isEmpty()) {
            throw new IllegalArgumentException("no latencies: no record of the measured window arrived");
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return new Latencies(rank(sorted, 0.50), rank(sorted, 0.99), sorted.get(sorted.size() - 1), sorted.size());
    }

    /** The nearest-rank percentile: the smallest value with at least {@code q} of all values at or below it. */
    static long rank(List<Long> sorted, double q) {
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
