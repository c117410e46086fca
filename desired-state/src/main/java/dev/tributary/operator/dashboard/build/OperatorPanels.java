package dev.tributary.operator.dashboard.build;

import static dev.tributary.operator.metrics.names.OperatorMetricNames.PIPELINE_DESIRED_TASKMANAGERS;
import static dev.tributary.operator.metrics.names.OperatorMetricNames.PIPELINE_PHASE;
import static dev.tributary.operator.metrics.names.OperatorMetricNames.PIPELINE_TASKMANAGERS;
import static dev.tributary.operator.metrics.names.OperatorMetricNames.READY;
import static dev.tributary.operator.metrics.names.OperatorMetricNames.RECONCILE_ERRORS;
import static dev.tributary.operator.metrics.names.OperatorMetricNames.RECONCILE_SECONDS;

import dev.tributary.operator.dashboard.build.Panel.Query;
import dev.tributary.operator.dashboard.build.Panel.Threshold;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rows and panels of the operator's dashboard, from its own metrics on /q/metrics. */
public final class OperatorPanels {

    private static final String W = PipelinePanels.RATE_WINDOW;
    /** Keeps the JVM series of Tributary operators only (every operator exports this counter from the start). */
    static final String OPERATORS_ONLY = " and on (instance) " + RECONCILE_ERRORS + "{kind=\"Pipeline\"}";

    private OperatorPanels() {
    }

    /** Row title to its panels. */
    public static Map<String, List<Panel>> rows() {
        Map<String, List<Panel>> rows = new LinkedHashMap<>();
        rows.put("Reconciles", List.of(
                Panel.series("Reconciles per second", "rps", "Reconciles of each kind: events, resyncs and retries.",
                        new Query("sum by (kind) (rate(" + RECONCILE_SECONDS + "_count[" + W + "]))", "{{kind}}")),
                Panel.series("Reconcile duration", "s", "How long a reconcile of each kind takes: the 95th"
                        + " percentile and the mean. Slow ones hold a worker thread; look at the Kubernetes API's"
                        + " latency and the brokers.",
                        new Query("histogram_quantile(0.95, sum by (kind, le) (rate(" + RECONCILE_SECONDS
                                + "_bucket[" + W + "])))", "{{kind}} p95"),
                        new Query("sum by (kind) (rate(" + RECONCILE_SECONDS + "_sum[" + W + "])) / sum by (kind)"
                                + " (rate(" + RECONCILE_SECONDS + "_count[" + W + "]))", "{{kind}} mean")),
                Panel.series("Reconcile errors per second", "rps", "Reconciles that ended in an exception; the"
                        + " operator retries them with backoff. Its log names the resource and the cause.",
                        new Query("sum by (kind) (rate(" + RECONCILE_ERRORS + "[" + W + "]))", "{{kind}}"))
                        .withThresholds(new Threshold(0, "green"), new Threshold(0.01, "red"))));
        rows.put("Resources", List.of(
                Panel.series("Pipelines per phase", "short", "How many Pipelines are in each phase.",
                        new Query("sum by (phase) (" + PIPELINE_PHASE + ")", "{{phase}}")),
                Panel.series("Ready per kind", "short", "Resources of each kind whose Ready condition is True, and"
                        + " those whose is not (kubectl get KIND -A shows which).",
                        new Query("sum by (kind) (" + READY + ")", "{{kind}} Ready"),
                        new Query("count by (kind) (" + READY + ") - sum by (kind) (" + READY + ")",
                                "{{kind}} not Ready")),
                Panel.series("TaskManagers per Pipeline", "short", "The TaskManagers each Pipeline runs, and those"
                        + " the autoscaler's latest decision wants.",
                        new Query("max by (namespace, pipeline) (" + PIPELINE_TASKMANAGERS + ")",
                                "{{namespace}}/{{pipeline}} running"),
                        new Query("max by (namespace, pipeline) (" + PIPELINE_DESIRED_TASKMANAGERS + ")",
                                "{{namespace}}/{{pipeline}} autoscaler's choice"))));
        rows.put("Operator JVM", List.of(
                Panel.series("CPU", "percentunit", "CPU used by each operator process.",
                        new Query("process_cpu_usage" + OPERATORS_ONLY, "{{instance}}")),
                Panel.series("Heap used", "bytes", "Heap used by each operator process; its caches hold every"
                        + " watched resource.",
                        new Query("sum by (instance) (jvm_memory_used_bytes{area=\"heap\"})" + OPERATORS_ONLY,
                                "{{instance}}")),
                Panel.series("GC pauses", "percentunit", "Share of time each operator process spends paused for"
                        + " garbage collection.",
                        new Query("sum by (instance) (rate(jvm_gc_pause_seconds_sum[" + W + "]))" + OPERATORS_ONLY,
                                "{{instance}}"))));
        return rows;
    }
}
