package dev.tributary.bench.flink;

import java.util.ArrayList;
import java.util.List;

/**
 * Every output record's id, sent stamp and latency in columns of primitives, in chunks: 16 bytes a record, where an
 * array per record took about 50, so a latency run at a million records a second fits the benchmark's heap.
 */
final class Arrivals {

    private static final int CHUNK = 1 << 20;

    private final List<int[]> ids = new ArrayList<>();
    private final List<long[]> sent = new ArrayList<>();
    private final List<int[]> latencies = new ArrayList<>();
    private int size;

    void add(long id, long sentMs, long arrivalMs) {
        int offset = size % CHUNK;
        if (offset == 0) {
            ids.add(new int[CHUNK]);
            sent.add(new long[CHUNK]);
            latencies.add(new int[CHUNK]);
        }
        int chunk = size / CHUNK;
        ids.get(chunk)[offset] = Math.toIntExact(id);
        sent.get(chunk)[offset] = sentMs;
        latencies.get(chunk)[offset] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                arrivalMs - sentMs));
        size++;
    }

    int size() {
        return size;
    }

    long id(int i) {
        return ids.get(i / CHUNK)[i % CHUNK];
    }

    long sent(int i) {
        return sent.get(i / CHUNK)[i % CHUNK];
    }

    long latency(int i) {
        return latencies.get(i / CHUNK)[i % CHUNK];
    }

    long arrival(int i) {
        return sent(i) + latency(i);
    }
}
