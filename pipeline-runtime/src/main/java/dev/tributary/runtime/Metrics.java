package dev.tributary.runtime;

import org.apache.flink.metrics.MetricGroup;

/**
 * The metrics Tributary adds to Flink's own, and where they live. With the Prometheus reporter a metric in group
 * {@code tributary}, key {@code source} (value {@code clicks}) named {@code recordsIn} is exported as
 * {@code flink_taskmanager_job_task_operator_tributary_source_recordsIn{source="clicks",...}}. Dashboards and the
 * autoscaler rely on these names: see pipeline-runtime/README.md before changing one.
 */
public final class Metrics {

    public static final String GROUP = "tributary";
    public static final String SOURCE = "source";
    public static final String SINK = "sink";
    /** The key of the group of a query's operator after a shuffle (its dead letters). */
    public static final String QUERY = "query";

    /** Records read from a source's topic, good and bad. */
    public static final String RECORDS_IN = "recordsIn";
    /**
     * Records of a source, or rows of a sink or of the query, sent to the dead-letter topic: a source's records that
     * could not be read; a sink's rows that do not fit its declared column types or that its webhook kept refusing;
     * rows the query failed on after a shuffle.
     */
    public static final String DEAD_LETTERS = "deadLetters";
    /**
     * The key of the group that splits {@link #DEAD_LETTERS} by why ({@code DeadLetterKind}): exported as
     * {@code …_tributary_source_error_kind_deadLetters{source="…", error_kind="invalid"}}.
     */
    public static final String ERROR_KIND = "error_kind";
    /** Dead letters cut (value truncated, key truncated or headers dropped) to fit the dead-letter topic. */
    public static final String DEAD_LETTERS_TRUNCATED = "deadLettersTruncated";
    /** Records that arrived with an event time at or behind the watermark. */
    public static final String LATE_RECORDS = "lateRecords";
    /** Milliseconds between now and the source's current watermark. */
    public static final String WATERMARK_LAG = "watermarkLagMs";
    /** Records written to a sink. */
    public static final String RECORDS_OUT = "recordsOut";
    /** Records a webhook accepted (2xx). */
    public static final String DELIVERED_RECORDS = "deliveredRecords";
    /** Retried webhook POSTs. */
    public static final String RETRIES = "retries";
    /** Records a webhook gave up on (they are dead-lettered, and counted in {@link #DEAD_LETTERS} too). */
    public static final String FAILED_RECORDS = "failedRecords";

    private Metrics() {
    }

    public static MetricGroup sourceGroup(MetricGroup operator, String source) {
        return operator.addGroup(GROUP).addGroup(SOURCE, source);
    }

    public static MetricGroup sinkGroup(MetricGroup operator, String sink) {
        return operator.addGroup(GROUP).addGroup(SINK, sink);
    }

    /** Exported as {@code …_tributary_query_deadLetters{query="Calc",…}}. */
    public static MetricGroup queryGroup(MetricGroup operator, String stage) {
        return operator.addGroup(GROUP).addGroup(QUERY, stage);
    }
}
