package dev.tributary.operator.dashboard.build;

import dev.tributary.operator.dashboard.build.Panel.Query;
import dev.tributary.operator.dashboard.build.Panel.Threshold;
import dev.tributary.operator.dashboard.build.PipelineMetrics.Scope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rows and panels of a Pipeline dashboard, in the order a person on call reads them. */
public final class PipelinePanels {

    static final String RATE_WINDOW = "$__rate_interval";

    private PipelinePanels() {
    }

    /** Row title to its panels. */
    public static Map<String, List<Panel>> rows(int lagSeconds) {
        Scope s = Scope.variables();
        Map<String, List<Panel>> rows = new LinkedHashMap<>();
        rows.put("Overview", List.of(
                Panel.stat("Ready and phase", "none", "The Pipeline's Ready condition (1 Ready, 0 not: kubectl"
                        + " describe pipeline says why) and its phase, from the operator's metrics.",
                        List.of(new Threshold(0, "red"), new Threshold(1, "green")),
                        new Query(PipelineMetrics.ready(s), "{{name}} Ready"),
                        new Query(PipelineMetrics.phase(s), "{{pipeline}} {{phase}}")),
                Panel.stat("Job running", "none", "1 while the Flink job is RUNNING; 0 while it restarts, fails or is"
                        + " stopped.", List.of(new Threshold(0, "red"), new Threshold(1, "green")),
                        new Query(PipelineMetrics.running(s), "{{pipeline}}")),
                Panel.series("Records in per second", "rps", "Records read from each source's topic, good and bad.",
                        new Query(PipelineMetrics.recordsInPerSecond(s, RATE_WINDOW), "{{pipeline}} ← {{source}}")),
                Panel.series("Records out per second", "rps", "Records handed to each sink.",
                        new Query(PipelineMetrics.recordsOutPerSecond(s, RATE_WINDOW), "{{pipeline}} → {{sink}}")),
                Panel.series("Lag (records)", "short", "Records in the sources' topics not read yet.",
                        new Query(PipelineMetrics.lagRecords(s), "{{pipeline}}")),
                Panel.series("Lag (seconds to drain)", "s", "The backlog divided by the rate the pipeline reads now."
                        + " The alert threshold is the red line.",
                        new Query(PipelineMetrics.lagSeconds(s, "5m"), "{{pipeline}}"))
                        .withThresholds(new Threshold(0, "green"), new Threshold(lagSeconds, "red")),
                Panel.series("Event-time lag", "s", "Now minus each source's watermark: how old the newest complete"
                        + " event time is. Sources without event time are not shown.",
                        new Query(PipelineMetrics.eventTimeLagSeconds(s), "{{pipeline}} ← {{source}}")),
                Panel.series("TaskManagers", "short", "TaskManagers registered with the JobManager, those the"
                        + " operator runs, and those the autoscaler's latest decision wants; scaling events are"
                        + " annotations.",
                        new Query(PipelineMetrics.taskManagers(s), "{{pipeline}} registered"),
                        new Query(PipelineMetrics.chosenTaskManagers(s), "{{pipeline}} run by the operator"),
                        new Query(PipelineMetrics.autoscalerTaskManagers(s), "{{pipeline}} autoscaler's choice"))));
        rows.put("Checkpoints", List.of(
                Panel.series("Checkpoint duration", "s", "How long the last completed checkpoint took.",
                        new Query(PipelineMetrics.checkpointDurationSeconds(s), "{{pipeline}}")),
                Panel.series("Checkpoint size", "bytes", "Size of the last completed checkpoint.",
                        new Query(PipelineMetrics.checkpointSizeBytes(s), "{{pipeline}}")),
                Panel.series("Failed checkpoints (1h)", "short", "Checkpoints that failed in the last hour.",
                        new Query(PipelineMetrics.failedCheckpoints(s, "1h"), "{{pipeline}}")),
                Panel.stat("Since the last checkpoint", "s", "Time since the last completed checkpoint; results reach"
                        + " exactly-once sinks only when one completes.",
                        List.of(new Threshold(0, "green"), new Threshold(300, "orange"), new Threshold(900, "red")),
                        new Query(PipelineMetrics.secondsSinceCheckpoint(s), "{{pipeline}}"))));
        rows.put("Errors", List.of(
                Panel.series("Dead letters per second", "rps", "Records sent to the dead-letter topic, by the source"
                        + " that could not read them or the sink they did not fit.",
                        new Query(PipelineMetrics.deadLettersPerSecond(s, RATE_WINDOW),
                                "{{pipeline}} {{source}}{{sink}}")),
                Panel.series("Dead letters by error kind", "rps", "The same dead letters by why: tombstone (no"
                        + " value), too_large, invalid (does not parse or fit the schema), query (the query failed on its"
                        + " values, e.g. a CAST), constraint (a sink column's"
                        + " length or NOT NULL), refused (a webhook, after its retries).",
                        new Query(PipelineMetrics.deadLettersPerSecondByKind(s, RATE_WINDOW),
                                "{{pipeline}} {{error_kind}}")),
                Panel.series("Restarts (1h)", "short", "Job restarts in the last hour.",
                        new Query(PipelineMetrics.restarts(s, "1h"), "{{pipeline}}"))
                        .withThresholds(new Threshold(0, "green"), new Threshold(1, "orange")),
                Panel.stat("Running for", "s", "Time since the job last entered RUNNING: a short one means a recent"
                        + " failure (kubectl describe pipeline names it).",
                        List.of(new Threshold(0, "red"), new Threshold(300, "green")),
                        new Query(PipelineMetrics.runningSeconds(s), "{{pipeline}}"))));
        rows.put("Resources", List.of(
                Panel.series("CPU", "percentunit", "JVM CPU load of each TaskManager.",
                        new Query(PipelineMetrics.cpuLoad(s), "{{pipeline}} {{pod}}")),
                Panel.series("Heap used", "percentunit", "Heap used over the heap's maximum, per TaskManager.",
                        new Query(PipelineMetrics.heapUsedRatio(s), "{{pipeline}} {{pod}}"))
                        .withThresholds(new Threshold(0, "green"), new Threshold(0.9, "red")),
                Panel.series("GC time", "percentunit", "Share of time each TaskManager spends collecting garbage.",
                        new Query(PipelineMetrics.gcSecondsPerSecond(s), "{{pipeline}} {{pod}}")),
                Panel.series("Busy and back-pressured", "percentunit", "Per task: busy (processing) and back-pressured"
                        + " (waiting on a slow successor) time per second; near 100 % busy means scale out.",
                        new Query(PipelineMetrics.busyMsPerSecond(s) + " / 1000", "{{task_name}} busy"),
                        new Query(PipelineMetrics.backPressuredMsPerSecond(s) + " / 1000",
                                "{{task_name}} back-pressured"))));
        return rows;
    }
}
