package dev.tributary.bench.flink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A {@code read_committed} consumer of a pipeline's output on a thread of its own: counts records by id (duplicates,
 * missing), and for each record the end-to-end latency from its {@code sent} stamp to the poll that returned it.
 */
final class OutputWatch implements AutoCloseable {

    private final Thread thread;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running = true;
    private final BitSet seen = new BitSet();
    private long records;
    private long duplicates;
    private long firstArrivalNanos;
    private long lastArrivalNanos;
    /** id, sent, arrival (epoch ms) per record, for the latency of a window of ids. */
    private final Arrivals arrivals = new Arrivals();
    /** (records so far, System.nanoTime) after every poll that returned records: the output rate over time. */
    private final List<long[]> progress = new ArrayList<>();
    private volatile RuntimeException failure;

    private OutputWatch(BenchKafka kafka, String topic, boolean keepArrivals) {
        consumer = kafka.consumer("watch-" + topic + "-" + System.nanoTime(), true);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(() -> poll(keepArrivals), "watch-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    static OutputWatch start(BenchKafka kafka, String topic, boolean keepArrivals) {
        return new OutputWatch(kafka, topic, keepArrivals);
    }

    private void poll(boolean keepArrivals) {
        try {
            while (running) {
                var batch = consumer.poll(Duration.ofMillis(50));
                if (batch.isEmpty()) {
                    continue;
                }
                long arrival = System.currentTimeMillis();
                long nanos = System.nanoTime();
                synchronized (this) {
                    for (ConsumerRecord<byte[], byte[]> r : batch) {
                        long[] idSent = StampedRecords.parse(r.value());
                        int id = (int) idSent[0];
                        if (seen.get(id)) {
                            duplicates++;
                        }
                        seen.set(id);
                        records++;
                        if (keepArrivals) {
                            arrivals.add(idSent[0], idSent[1], arrival);
                        }
                    }
                    if (firstArrivalNanos == 0) {
                        firstArrivalNanos = nanos;
                    }
                    lastArrivalNanos = nanos;
                    progress.add(new long[] {records, nanos});
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    synchronized long records() {
        check();
        return records;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    /** Distinct ids seen in [from, to). */
    synchronized int distinct(long from, long to) {
        return seen.get((int) from, (int) to).cardinality();
    }

    synchronized long firstArrivalNanos() {
        return firstArrivalNanos;
    }

    synchronized long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    /** When the output first held {@code count} records (System.nanoTime), or -1. */
    synchronized long reachedNanos(long count) {
        for (long[] p : progress) {
            if (p[0] >= count) {
                return p[1];
            }
        }
        return -1;
    }

    /** Latencies in ms of the first arrival of every id in [from, to). */
    synchronized long[] latencies(long from, long to) {
        BitSet counted = new BitSet();
        long[] latencies = new long[(int) Math.max(0, to - from)];
        int n = 0;
        for (int i = 0; i < arrivals.size(); i++) {
            long id = arrivals.id(i);
            if (id >= from && id < to && !counted.get((int) id)) {
                counted.set((int) id);
                latencies[n++] = arrivals.latency(i);
            }
        }
        return Arrays.copyOf(latencies, n);
    }

    /**
     * When (epoch ms) the first record sent after {@code sentAfter} arrived with a latency of at most
     * {@code maxLatencyMs}, or -1.
     */
    synchronized long firstArrival(long sentAfter, long maxLatencyMs) {
        for (int i = 0; i < arrivals.size(); i++) {
            if (arrivals.sent(i) > sentAfter && arrivals.latency(i) <= maxLatencyMs) {
                return arrivals.arrival(i);
            }
        }
        return -1;
    }

    /** Latencies in ms of the records that arrived at or after {@code since} (epoch ms). */
    synchronized List<Long> latenciesSince(long since) {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < arrivals.size(); i++) {
            if (arrivals.arrival(i) >= since) {
                latencies.add(arrivals.latency(i));
            }
        }
        return latencies;
    }

    /** Waits until ids [0, count) all arrived, or {@code limit} passed; true if they did. */
    boolean awaitAll(long count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            check();
            if (distinct(0, count) >= count) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private void check() {
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
