package dev.tributary.bench.flink;

import java.util.Arrays;
import java.util.List;

/** p50, p99 and max of end-to-end latencies in ms (nearest rank). */
record Latencies(long p50, long p99, long max, int count) {

    static Latencies of(List<Long> millis) {
        return of(millis.stream().mapToLong(Long::longValue).toArray());
    }

    static Latencies of(long[] millis) {
        if (millis.length == 0) {
            throw new IllegalArgumentException("no latencies: no record of the measured window arrived");
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Latencies(rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1], sorted.length);
    }

    /** The nearest-rank percentile: the smallest value with at least {@code q} of all values at or below it. */
    static long rank(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
