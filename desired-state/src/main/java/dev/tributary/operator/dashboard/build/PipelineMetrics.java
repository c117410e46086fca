package dev.tributary.operator.dashboard.build;

import dev.tributary.operator.metrics.names.OperatorMetricNames;

/**
 * The Prometheus names of the metrics a Pipeline's pods export (Flink's Prometheus reporter on the {@code metrics}
 * port; see pipeline-runtime/README.md), the operator's gauges of each Pipeline ({@link OperatorMetricNames}) and the
 * PromQL the dashboards and alerts are made of. Every series carries
 * {@code namespace} and {@code pipeline}: the PodMonitor sets them from the pod's namespace and its
 * {@code app.kubernetes.io/instance} label.
 */
public final class PipelineMetrics {

    public static final String NAMESPACE_LABEL = "namespace";
    public static final String PIPELINE_LABEL = "pipeline";
    public static final String COMPONENT_LABEL = "component";

    static final String OPERATOR = "flink_taskmanager_job_task_operator_";
    public static final String SOURCE_RECORDS_IN = OPERATOR + "tributary_source_recordsIn";
    public static final String SOURCE_DEAD_LETTERS = OPERATOR + "tributary_source_deadLetters";
    public static final String SINK_DEAD_LETTERS = OPERATOR + "tributary_sink_deadLetters";
    public static final String DEAD_LETTERS = "{__name__=~\"" + OPERATOR + "tributary_(source|sink|query)_deadLetters\"";
    /** The dead-letter counters split by {@code error_kind} (pipeline-runtime's {@code DeadLetterKind}). */
    public static final String DEAD_LETTERS_BY_KIND = "{__name__=~\"" + OPERATOR
            + "tributary_(source|sink|query)_error_kind_deadLetters\"";
    public static final String ERROR_KIND_LABEL = "error_kind";
    public static final String SINK_RECORDS_OUT = OPERATOR + "tributary_sink_recordsOut";
    public static final String WATERMARK_LAG_MS = OPERATOR + "tributary_source_watermarkLagMs";
    public static final String LATE_RECORDS = OPERATOR + "tributary_source_lateRecords";
    public static final String KAFKA_LAG = OPERATOR + "KafkaSourceReader_KafkaConsumer_records_lag_max";
    public static final String CHECKPOINT_DURATION = "flink_jobmanager_job_lastCheckpointDuration";
    public static final String CHECKPOINT_SIZE = "flink_jobmanager_job_lastCheckpointSize";
    public static final String CHECKPOINT_COMPLETED_AT = "flink_jobmanager_job_lastCheckpointCompletedTimestamp";
    public static final String CHECKPOINTS_FAILED = "flink_jobmanager_job_numberOfFailedCheckpoints";
    public static final String CHECKPOINTS_COMPLETED = "flink_jobmanager_job_numberOfCompletedCheckpoints";
    public static final String RESTARTS = "flink_jobmanager_job_numRestarts";
    /** Milliseconds the job has been in RUNNING; 0 while it is in any other state (Flink's job status metrics). */
    public static final String RUNNING_TIME = "flink_jobmanager_job_runningTime";
    public static final String TASK_MANAGERS = "flink_jobmanager_numRegisteredTaskManagers";
    public static final String BUSY_TIME = "flink_taskmanager_job_task_busyTimeMsPerSecond";
    public static final String BACK_PRESSURED_TIME = "flink_taskmanager_job_task_backPressuredTimeMsPerSecond";
    public static final String CPU_LOAD = "flink_taskmanager_Status_JVM_CPU_Load";
    public static final String HEAP_USED = "flink_taskmanager_Status_JVM_Memory_Heap_Used";
    public static final String HEAP_MAX = "flink_taskmanager_Status_JVM_Memory_Heap_Max";
    /** Milliseconds per second spent in garbage collection, all collectors together (Flink's "All" group). */
    public static final String GC_TIME = "flink_taskmanager_Status_JVM_GarbageCollector_All_TimeMsPerSecond";

    private PipelineMetrics() {
    }

    /** A label matcher for one Pipeline (alerts) or the dashboard's variables. */
    public record Scope(String namespace, String pipeline, boolean regex) {

        public static Scope of(String namespace, String pipeline) {
            return new Scope(namespace, pipeline, false);
        }

        /** The dashboard's {@code $namespace} and (multi-valued) {@code $pipeline} variables. */
        public static Scope variables() {
            return new Scope("$namespace", "$pipeline", true);
        }

        String matchers() {
            return NAMESPACE_LABEL + "=\"" + namespace + "\", " + PIPELINE_LABEL + (regex ? "=~\"" : "=\"") + pipeline + "\"";
        }

        /** {@code metric{namespace="…", pipeline="…"}}, or for a {@code {__name__=~…} selector, its matchers added. */
        String select(String metric) {
            return metric.startsWith("{") ? metric + ", " + matchers() + "}" : metric + "{" + matchers() + "}";
        }

        /** The operator's gauges of the Pipeline itself: {@code name} for the kind-wide ones, else {@code pipeline}. */
        String selectOperatorGauge(String metric, boolean byName) {
            return metric + "{" + (byName ? OperatorMetricNames.KIND_LABEL + "=\"Pipeline\", " : "") + NAMESPACE_LABEL
                    + "=\"" + namespace + "\", " + (byName ? OperatorMetricNames.NAME_LABEL : PIPELINE_LABEL)
                    + (regex ? "=~\"" : "=\"") + pipeline + "\"}";
        }
    }

    static final String BY_PIPELINE = "sum by (namespace, pipeline) ";

    public static String recordsInPerSecond(Scope s, String window) {
        return "sum by (namespace, pipeline, source) (rate(" + s.select(SOURCE_RECORDS_IN) + "[" + window + "]))";
    }

    public static String recordsOutPerSecond(Scope s, String window) {
        return "sum by (namespace, pipeline, sink) (rate(" + s.select(SINK_RECORDS_OUT) + "[" + window + "]))";
    }

    /** Records written to the sources' topics and not yet read, summed over the source readers. */
    public static String lagRecords(Scope s) {
        return BY_PIPELINE + "(" + s.select(KAFKA_LAG) + ")";
    }

    /** Seconds the backlog takes to drain at the rate the pipeline reads now; +Inf when it reads nothing. */
    public static String lagSeconds(Scope s, String window) {
        return lagRecords(s) + " / " + BY_PIPELINE + "(rate(" + s.select(SOURCE_RECORDS_IN) + "[" + window + "]))";
    }

    /** Now minus the watermark, per source, in seconds; sources without event time report -1 and are left out. */
    public static String eventTimeLagSeconds(Scope s) {
        return "max by (namespace, pipeline, source) (" + s.select(WATERMARK_LAG_MS) + " >= 0) / 1000";
    }

    public static String deadLettersPerSecond(Scope s, String window) {
        return "sum by (namespace, pipeline, source, sink) (rate(" + s.select(DEAD_LETTERS) + "[" + window + "]))";
    }

    /** Dead letters per second by why: {@code error_kind} tombstone, too_large, invalid, query, constraint or refused. */
    public static String deadLettersPerSecondByKind(Scope s, String window) {
        return "sum by (namespace, pipeline, " + ERROR_KIND_LABEL + ") (rate(" + s.select(DEAD_LETTERS_BY_KIND) + "["
                + window + "]))";
    }

    public static String deadLettersTotalPerSecond(Scope s, String window) {
        return BY_PIPELINE + "(rate(" + s.select(DEAD_LETTERS) + "[" + window + "]))";
    }

    public static String restarts(Scope s, String window) {
        return BY_PIPELINE + "(increase(" + s.select(RESTARTS) + "[" + window + "]))";
    }

    public static String failedCheckpoints(Scope s, String window) {
        return BY_PIPELINE + "(increase(" + s.select(CHECKPOINTS_FAILED) + "[" + window + "]))";
    }

    public static String checkpointDurationSeconds(Scope s) {
        return "max by (namespace, pipeline) (" + s.select(CHECKPOINT_DURATION) + ") / 1000";
    }

    public static String checkpointSizeBytes(Scope s) {
        return "max by (namespace, pipeline) (" + s.select(CHECKPOINT_SIZE) + ")";
    }

    /** Seconds since the last completed checkpoint; only for jobs that completed one (the timestamp is positive). */
    public static String secondsSinceCheckpoint(Scope s) {
        return "time() - max by (namespace, pipeline) (" + s.select(CHECKPOINT_COMPLETED_AT) + " > 0) / 1000";
    }

    /** 1 while the job runs, 0 while it is restarting, failing or stopped. */
    public static String running(Scope s) {
        return "max by (namespace, pipeline) (" + s.select(RUNNING_TIME) + " > bool 0)";
    }

    public static String runningSeconds(Scope s) {
        return "max by (namespace, pipeline) (" + s.select(RUNNING_TIME) + ") / 1000";
    }

    public static String taskManagers(Scope s) {
        return "max by (namespace, pipeline) (" + s.select(TASK_MANAGERS) + ")";
    }

    /** The TaskManagers the operator runs (the Pipeline's {@code status.replicas}), from the operator's metrics. */
    public static String chosenTaskManagers(Scope s) {
        return "max by (namespace, pipeline) (" + s.selectOperatorGauge(OperatorMetricNames.PIPELINE_TASKMANAGERS,
                false) + ")";
    }

    /** The TaskManagers the autoscaler's latest decision wants, from the operator's metrics. */
    public static String autoscalerTaskManagers(Scope s) {
        return "max by (namespace, pipeline) (" + s.selectOperatorGauge(
                OperatorMetricNames.PIPELINE_DESIRED_TASKMANAGERS, false) + ")";
    }

    /** 1 while the Pipeline's Ready condition is True (the operator's gauge; no kube-state-metrics needed). */
    public static String ready(Scope s) {
        return "max by (namespace, name) (" + s.selectOperatorGauge(OperatorMetricNames.READY, true) + ")";
    }

    /** The Pipeline's phase: one series per Pipeline, its {@code phase} label the current one. */
    public static String phase(Scope s) {
        return "max by (namespace, pipeline, phase) (" + s.selectOperatorGauge(OperatorMetricNames.PIPELINE_PHASE,
                false) + " == 1)";
    }

    public static String scalingEvents(Scope s) {
        return "changes(" + s.selectOperatorGauge(OperatorMetricNames.PIPELINE_TASKMANAGERS, false) + "[2m]) > 0";
    }

    public static String busyMsPerSecond(Scope s) {
        return "max by (namespace, pipeline, task_name) (" + s.select(BUSY_TIME) + ")";
    }

    public static String backPressuredMsPerSecond(Scope s) {
        return "max by (namespace, pipeline, task_name) (" + s.select(BACK_PRESSURED_TIME) + ")";
    }

    public static String cpuLoad(Scope s) {
        return "max by (namespace, pipeline, pod) (" + s.select(CPU_LOAD) + ")";
    }

    public static String heapUsedRatio(Scope s) {
        return "max by (namespace, pipeline, pod) (" + s.select(HEAP_USED) + ") / max by (namespace, pipeline, pod) ("
                + s.select(HEAP_MAX) + ")";
    }

    public static String gcSecondsPerSecond(Scope s) {
        return "max by (namespace, pipeline, pod) (" + s.select(GC_TIME) + ") / 1000";
    }
}
