package dev.tributary.bench.flink;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Records {@code {"id":n,"sent":epoch-ms}}: numbered so output can be counted by id, stamped when produced. */
final class StampedRecords {

    static final String FIELDS = "id BIGINT, sent BIGINT";

    private StampedRecords() {
    }

    static byte[] record(long id, long sentMillis) {
        return ("{\"id\":" + id + ",\"sent\":" + sentMillis + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** The id and the sent time of a record as the pipeline writes it ({@code {"id":…,"sent":…}}). */
    static long[] parse(byte[] value) {
        String json = new String(value, StandardCharsets.UTF_8);
        return new long[] {number(json, "\"id\":"), number(json, "\"sent\":")};
    }

    private static long number(String json, String key) {
        int at = json.indexOf(key);
        if (at < 0) {
            throw new IllegalArgumentException("no " + key + " in " + json);
        }
        int start = at + key.length();
        int end = start;
        while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '-')) {
            end++;
        }
        return Long.parseLong(json.substring(start, end));
    }

    /**
     * Sends ids {@code from, from+1, …} at {@code perSecond}, each stamped with the wall clock when handed to the
     * producer, until {@code stop} is set or {@code count} (>= 0) were sent; returns the next id.
     */
    static long sendAtRate(KafkaProducer<byte[], byte[]> producer, String topic, long from, long count,
            double perSecond, AtomicBoolean stop) throws InterruptedException {
        long start = System.nanoTime();
        long id = from;
        while (!stop.get() && (count < 0 || id - from < count)) {
            long due = from + (long) ((System.nanoTime() - start) / 1e9 * perSecond);
            while (id <= due && (count < 0 || id - from < count)) {
                producer.send(new ProducerRecord<>(topic, Long.toString(id).getBytes(StandardCharsets.UTF_8),
                        record(id, System.currentTimeMillis())));
                id++;
            }
            Thread.sleep(1);
        }
        producer.flush();
        return id;
    }
}
