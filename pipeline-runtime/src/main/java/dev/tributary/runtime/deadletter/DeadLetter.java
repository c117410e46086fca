package dev.tributary.runtime.deadletter;

/**
 * A record that could not become a row: its original key, value, timestamp and headers, where it came from, and
 * why. Or a row a sink could not write ({@link #sink} set): the row as JSON, the sink, the column at fault, and why.
 * Or a row the query failed on after a shuffle ({@link #operator} set): the row as JSON, its kind, the operator, and
 * why.
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
    /** The original value's size in bytes (absent for a null value); on every dead letter. */
    public static final String HEADER_VALUE_SIZE = "tributary.value.size";
    /** {@code true} when the value was cut to fit the dead-letter topic (the kept bytes are its beginning). */
    public static final String HEADER_VALUE_TRUNCATED = "tributary.value.truncated";
    /** The original key's size in bytes, when the key was cut. */
    public static final String HEADER_KEY_SIZE = "tributary.key.size";
    public static final String HEADER_KEY_TRUNCATED = "tributary.key.truncated";
    /** The original headers' total size in bytes (names and values), when some were dropped. */
    public static final String HEADER_HEADERS_SIZE = "tributary.headers.size";
    /** The names of the original headers dropped to fit, comma-separated. */
    public static final String HEADER_HEADERS_DROPPED = "tributary.headers.dropped";
    /** Headers of a sink's dead letter, instead of the source ones. */
    public static final String HEADER_SINK = "tributary.sink";
    public static final String HEADER_SINK_COLUMN = "tributary.sink.column";
    /** Headers of a dead letter the query made after a shuffle, instead of the source ones. */
    public static final String HEADER_QUERY_OPERATOR = "tributary.query.operator";
    public static final String HEADER_ROW_KIND = "tributary.row.kind";

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
    /** Why, as one of a few kinds (the {@code error_kind} of the dead-letter counters). */
    public DeadLetterKind kind;
    /** The original value's size; -1 for a null value. */
    public int valueSize = -1;
    public boolean valueTruncated;
    /** Set when the key was cut: its original size. */
    public int keySize = -1;
    public boolean keyTruncated;
    /** Set when original headers were dropped: their total original size and the dropped names. */
    public int headersSize = -1;
    public String droppedHeaders;
    /** The sink that could not write the row; null for a source's dead letter. */
    public String sink;
    /** The sink column the row violates; null when the sink failed the row as a whole. */
    public String column;
    /** The query's operator the row made fail, after a shuffle; null for a source's or a sink's dead letter. */
    public String operator;
    /** That row's kind: {@code +I}, {@code -U}, {@code +U} or {@code -D}. */
    public String rowKind;

    /** An error longer than this is cut (with {@code ...}) in {@link #error}. */
    public static final int MAX_ERROR_CHARS = 1000;

    public DeadLetter() {
    }

    /** {@code error}, cut to {@link #MAX_ERROR_CHARS}. */
    public static String errorText(String error) {
        return error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS) + "...";
    }

    /** Whether anything of the original record was cut to fit the dead-letter topic. */
    public boolean isCut() {
        return valueTruncated || keyTruncated || droppedHeaders != null;
    }

    @Override
    public String toString() {
        return "DeadLetter{" + topic + "-" + partition + "@" + offset + ": " + error + "}";
    }
}
