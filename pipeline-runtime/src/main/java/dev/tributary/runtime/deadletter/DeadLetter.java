package dev.tributary.runtime.deadletter;

/**
 * A record that could not become a row: its original key, value, timestamp and headers, where it came from, and
 * why. Or a row a sink could not write ({@link #sink} set): the row as JSON, the sink, the column at fault, and why.
 * A Flink POJO (public fields, no-argument constructor) so it travels with Flink's own serializer.
 */
public class DeadLetter {

    /** Header names added to each dead letter; the original headers are kept before them. */
    public static final String HEADER_SOURCE = "tributary.source";
    public static final String HEADER_TOPIC = "tributary.source.topic";
    public static final String HEADER_PARTITION = "tributary.source.partition";
    public static final String HEADER_OFFSET = "tributary.source.offset";
    public static final String HEADER_TIMESTAMP = "tributary.source.timestamp";
    public static final String HEADER_ERROR = "tributary.error";
    /** Headers of a sink's dead letter, instead of the source ones. */
    public static final String HEADER_SINK = "tributary.sink";
    public static final String HEADER_SINK_COLUMN = "tributary.sink.column";

    public String source;
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public byte[] key;
    public byte[] value;
    public String[] headerKeys;
    public byte[][] headerValues;
    public String error;
    /** The sink that could not write the row; null for a source's dead letter. */
    public String sink;
    /** The sink column the row violates; null when the sink failed the row as a whole. */
    public String column;

    public DeadLetter() {
    }

    @Override
    public String toString() {
        return "DeadLetter{" + topic + "-" + partition + "@" + offset + ": " + error + "}";
    }
}
