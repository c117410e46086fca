package dev.tributary.operator.dashboard.build;

import dev.tributary.api.Durations;
import dev.tributary.api.v1alpha1.AlertsSpec;
import dev.tributary.api.v1alpha1.CheckpointSpec;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineState;
import dev.tributary.operator.dashboard.build.PipelineMetrics.Scope;
import dev.tributary.operator.pipeline.build.FlinkSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus alert rules for the selected Pipelines: one rule group per Pipeline, so every alert names its
 * Pipeline and its thresholds come from that Pipeline's spec (checkpoint interval, autoscaling maximum). The groups
 * are what a PrometheusRule's {@code spec.groups} holds and what a rule file for {@code promtool} holds.
 */
public final class AlertRules {

    public static final int DEFAULT_LAG_SECONDS = 300;
    public static final int DEFAULT_CHECKPOINT_FAILURES = 3;
    public static final double DEFAULT_DEAD_LETTER_RATE = 0;
    public static final int DEFAULT_RESTARTS_PER_HOUR = 3;

    public static final String LAG = "TributaryPipelineLagHigh";
    public static final String CHECKPOINT_FAILURES = "TributaryCheckpointsFailing";
    public static final String CHECKPOINTS_STALLED = "TributaryNoCheckpointCompleted";
    public static final String DEAD_LETTERS = "TributaryDeadLetters";
    public static final String RESTARTS = "TributaryJobRestarting";
    public static final String NOT_RUNNING = "TributaryJobNotRunning";
    public static final String AT_MAXIMUM = "TributaryAutoscalerAtMaximum";

    private AlertRules() {
    }

    /** Rule groups, one per Pipeline in the given order. */
    public static List<Map<String, Object>> groups(AlertsSpec alerts, List<Pipeline> pipelines) {
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Pipeline pipeline : pipelines) {
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("name", "tributary." + pipeline.getMetadata().getNamespace() + "." + pipeline.getMetadata().getName());
            group.put("rules", rules(alerts == null ? new AlertsSpec() : alerts, pipeline));
            groups.add(group);
        }
        return groups;
    }

    static List<Map<String, Object>> rules(AlertsSpec alerts, Pipeline pipeline) {
        String namespace = pipeline.getMetadata().getNamespace();
        String name = pipeline.getMetadata().getName();
        String who = "Pipeline " + namespace + "/" + name;
        Scope s = Scope.of(namespace, name);
        int lagSeconds = alerts.lagSeconds == null ? DEFAULT_LAG_SECONDS : alerts.lagSeconds;
        int checkpointFailures = alerts.checkpointFailures == null ? DEFAULT_CHECKPOINT_FAILURES : alerts.checkpointFailures;
        double deadLetterRate = alerts.deadLetterRatePerSecond == null ? DEFAULT_DEAD_LETTER_RATE
                : alerts.deadLetterRatePerSecond;
        int restarts = alerts.restartsPerHour == null ? DEFAULT_RESTARTS_PER_HOUR : alerts.restartsPerHour;
        Duration interval = Durations.parse(checkpointInterval(pipeline), CheckpointSpec.DEFAULT_INTERVAL);
        long stalledSeconds = 3 * interval.toSeconds();

        List<Map<String, Object>> rules = new ArrayList<>();
        rules.add(rule(LAG, PipelineMetrics.lagSeconds(s, "5m") + " > " + lagSeconds, "5m", "warning", name,
                who + " is {{ $value | humanizeDuration }} behind its sources",
                who + " has read its sources' backlog for 5 minutes at a pace that needs more than " + lagSeconds
                        + " s to catch up. Check the Lag and Busy panels: raise parallelism.max or the TaskManagers'"
                        + " resources if the pipeline is busy, or look for a slow sink if it is back-pressured."));
        rules.add(rule(CHECKPOINT_FAILURES, PipelineMetrics.failedCheckpoints(s, "15m") + " >= " + checkpointFailures,
                null, "warning", name,
                who + ": {{ $value }} checkpoints failed in 15 minutes",
                who + " failed at least " + checkpointFailures + " checkpoints in 15 minutes; results reach the sinks"
                        + " only when a checkpoint completes. Read the JobManager's log (kubectl logs deploy/"
                        + name + "-jobmanager) for the cause: a full checkpoint volume, a slow object store, or"
                        + " back-pressure that outlasts checkpoints.timeout."));
        if (pipeline.getSpec().stateOrDefault() == PipelineState.RUNNING) {
            rules.add(rule(CHECKPOINTS_STALLED, "(" + PipelineMetrics.secondsSinceCheckpoint(s) + " > " + stalledSeconds
                            + ") and on (namespace, pipeline) (" + PipelineMetrics.runningSeconds(s) + " > "
                            + stalledSeconds + ")", "1m", "critical", name,
                    who + " completed no checkpoint for 3 intervals",
                    who + " has completed no checkpoint for over " + stalledSeconds + " s (3 × its "
                            + interval.toSeconds() + " s interval) while running, so its sinks receive nothing"
                            + " new. Check the Checkpoints panels and the JobManager's log; a checkpoint stuck on"
                            + " back-pressure clears when the pipeline catches up or scales out."));
            rules.add(rule(NOT_RUNNING, "(" + PipelineMetrics.running(s) + " == 0) or absent("
                            + s.select(PipelineMetrics.RUNNING_TIME) + ")", "5m", "critical", name,
                    who + " is not running",
                    who + " should run but its Flink job has not been RUNNING (or has exported no metrics) for 5"
                            + " minutes. kubectl describe pipeline " + name + " -n " + namespace + " gives the phase"
                            + " and the last failure; check that its JobManager pod runs and that Prometheus"
                            + " scrapes it (the Dashboard's PodMonitor, or your own scrape config)."));
        }
        rules.add(rule(DEAD_LETTERS, PipelineMetrics.deadLettersTotalPerSecond(s, "5m") + " > " + number(deadLetterRate),
                null, "warning", name,
                who + " dead-letters {{ $value | humanize }} records per second",
                who + " sends records to its dead-letter topic faster than " + number(deadLetterRate) + " per second"
                        + " over 5 minutes: records that cannot be read or do not fit a sink. Read the dead-letter"
                        + " topic (its headers name the error) and fix the producer or the schema."));
        rules.add(rule(RESTARTS, PipelineMetrics.restarts(s, "1h") + " >= " + restarts, null, "warning", name,
                who + " restarted {{ $value }} times in the last hour",
                who + "'s Flink job restarted at least " + restarts + " times within an hour. kubectl describe"
                        + " pipeline " + name + " -n " + namespace + " and the JobManager's log show the failure;"
                        + " frequent restarts also replay data since the last checkpoint."));
        maxTaskManagers(pipeline).ifPresent(max -> rules.add(rule(AT_MAXIMUM,
                "(" + PipelineMetrics.taskManagers(s) + " >= " + max + ") and on (namespace, pipeline) (deriv(("
                        + PipelineMetrics.lagRecords(s) + ")[10m:1m]) > 0)", "15m", "warning", name,
                who + " runs at its maximum of " + max + " TaskManagers and still falls behind",
                who + " has run the most TaskManagers parallelism.max allows (" + max + ") for 15 minutes while its"
                        + " lag kept growing. Raise parallelism.max (and the sources' partitions if it is at"
                        + " their count) or give the TaskManagers more CPU.")));
        return rules;
    }

    /** With autoscaling on and a maximum set: the most TaskManagers the autoscaler may run. */
    static java.util.Optional<Integer> maxTaskManagers(Pipeline pipeline) {
        if (pipeline.getSpec().autoscaling == null || !pipeline.getSpec().autoscaling.isEnabled()
                || pipeline.getSpec().parallelism == null || pipeline.getSpec().parallelism.max == null) {
            return java.util.Optional.empty();
        }
        int slots = FlinkSettings.taskSlots(pipeline);
        return java.util.Optional.of((pipeline.getSpec().parallelism.max + slots - 1) / slots);
    }

    private static String checkpointInterval(Pipeline pipeline) {
        return pipeline.getSpec().checkpoints == null ? null : pipeline.getSpec().checkpoints.interval;
    }

    private static Map<String, Object> rule(String alert, String expr, String forDuration, String severity,
            String pipeline, String summary, String description) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("alert", alert);
        rule.put("expr", expr);
        if (forDuration != null) {
            rule.put("for", forDuration);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("severity", severity);
        labels.put(PipelineMetrics.PIPELINE_LABEL, pipeline);
        rule.put("labels", labels);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary);
        annotations.put("description", description);
        rule.put("annotations", annotations);
        return rule;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
