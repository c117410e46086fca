package dev.tributary.operator.metrics.names;

import java.util.List;

/**
 * The operator's own metrics as Prometheus sees them on {@code /q/metrics} (Micrometer turns {@code a.b} into
 * {@code a_b} and adds {@code _seconds}/{@code _total}). The operator dashboard and the Pipeline dashboard's
 * Ready-and-phase panel query these names; the module README lists them.
 */
public final class OperatorMetricNames {

    /** A Timer per kind: {@code _count}, {@code _sum}, {@code _max} and {@code _bucket{le}} of reconcile durations. */
    public static final String RECONCILE_SECONDS = "tributary_operator_reconcile_seconds";
    /** Reconciles per kind that ended in an exception (the Operator SDK retries them with backoff). */
    public static final String RECONCILE_ERRORS = "tributary_operator_reconcile_errors_total";
    /** 1 while the resource's Ready condition is True, else 0; labels kind, namespace, name. */
    public static final String READY = "tributary_operator_ready";
    /** 1 for the Pipeline's current phase, 0 for the others; labels namespace, pipeline, phase. */
    public static final String PIPELINE_PHASE = "tributary_operator_pipeline_phase";
    /** The TaskManagers the Pipeline runs now ({@code status.replicas}); labels namespace, pipeline. */
    public static final String PIPELINE_TASKMANAGERS = "tributary_operator_pipeline_taskmanagers";
    /** The TaskManagers the autoscaler's latest decision wants ({@code status.autoscaler.desiredReplicas}). */
    public static final String PIPELINE_DESIRED_TASKMANAGERS = "tributary_operator_pipeline_desired_taskmanagers";

    public static final String KIND_LABEL = "kind";
    public static final String NAMESPACE_LABEL = "namespace";
    public static final String NAME_LABEL = "name";
    public static final String PIPELINE_LABEL = "pipeline";
    public static final String PHASE_LABEL = "phase";

    /** The kinds the operator reconciles, each with a reconcile timer and an error counter from the start. */
    public static final List<String> KINDS = List.of("Source", "Sink", "Pipeline", "Dashboard");

    private OperatorMetricNames() {
    }

    /** The Micrometer name of a Prometheus name above (before Micrometer's suffixes). */
    public static String micrometer(String prometheusName) {
        return prometheusName.replaceFirst("_(seconds|total)$", "").replace('_', '.');
    }
}
