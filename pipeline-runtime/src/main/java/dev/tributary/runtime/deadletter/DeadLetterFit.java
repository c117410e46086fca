package dev.tributary.runtime.deadletter;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;

/**
 * Cuts a dead letter until the dead-letter topic can take it, the way Kafka counts a record (key, value, headers
 * and batch overhead, as the producer estimates it): first the value is truncated (down to nothing), then the key,
 * then the largest original headers are dropped; the room left after that goes back to the value, then the key. What was cut, and the original sizes, go into headers
 * ({@link DeadLetter#HEADER_VALUE_TRUNCATED} and the rest). Without this a record the topic refuses fails the
 * dead-letter producer, and the job restarts on the same record forever.
 */
public final class DeadLetterFit implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int maxMessageBytes;

    /** @param maxMessageBytes the dead-letter topic's effective {@code max.message.bytes} */
    public DeadLetterFit(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** Cuts {@code d} in place until it fits; returns whether anything was cut. */
    public boolean fit(DeadLetter d) {
        d.valueSize = d.value == null ? -1 : d.value.length;
        if (size(d) <= maxMessageBytes) {
            return false;
        }
        byte[] value = d.value;
        byte[] key = d.key;
        if (value != null) {
            d.valueTruncated = true;
            d.value = new byte[0];
        }
        if (size(d) > maxMessageBytes && key != null) {
            d.keyTruncated = true;
            d.keySize = key.length;
            d.key = new byte[0];
        }
        if (size(d) > maxMessageBytes && d.headerKeys != null && d.headerKeys.length > 0) {
            dropLargestHeaders(d);
        }
        // Give back what room is left: to the value first (what a reader of dead letters wants most), then the key.
        if (d.valueTruncated) {
            d.value = prefix(value, room(d));
            d.valueTruncated = d.value.length < value.length;
        }
        if (d.keyTruncated) {
            d.key = prefix(key, room(d));
            if (d.key.length == key.length) {
                d.keyTruncated = false;
                d.keySize = -1;
            }
        }
        return d.isCut();
    }

    private int room(DeadLetter d) {
        // a longer field's length varint grows by up to 4 bytes; the estimate is an upper bound anyway
        return Math.max(0, maxMessageBytes - size(d) - 8);
    }

    private static byte[] prefix(byte[] original, int room) {
        return Arrays.copyOf(original, Math.min(original.length, room));
    }

    private void dropLargestHeaders(DeadLetter d) {
        int n = d.headerKeys.length;
        int total = 0;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            total += headerSize(d, i);
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> headerSize(d, i)).reversed());
        boolean[] dropped = new boolean[n];
        List<String> droppedNames = new ArrayList<>();
        String[] keys = d.headerKeys;
        byte[][] values = d.headerValues;
        d.headersSize = total;
        for (Integer i : order) {
            dropped[i] = true;
            droppedNames.add(keys[i]);
            keep(d, keys, values, dropped);
            d.droppedHeaders = String.join(",", droppedNames);
            if (size(d) <= maxMessageBytes) {
                return;
            }
        }
    }

    private static void keep(DeadLetter d, String[] keys, byte[][] values, boolean[] dropped) {
        List<String> k = new ArrayList<>();
        List<byte[]> v = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            if (!dropped[i]) {
                k.add(keys[i]);
                v.add(values[i]);
            }
        }
        d.headerKeys = k.toArray(String[]::new);
        d.headerValues = v.toArray(byte[][]::new);
    }

    private static int headerSize(DeadLetter d, int i) {
        return d.headerKeys[i].getBytes(StandardCharsets.UTF_8).length
                + (d.headerValues[i] == null ? 0 : d.headerValues[i].length);
    }

    /** The size the producer checks against {@code max.request.size}: an upper bound of the batch holding it. */
    static int size(DeadLetter d) {
        Header[] headers = DeadLetterSink.Serializer.headers(d).toArray();
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                d.key, d.value, headers);
    }
}
