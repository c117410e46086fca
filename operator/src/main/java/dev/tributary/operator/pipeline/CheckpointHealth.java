package dev.tributary.operator.pipeline;

import dev.tributary.api.plan.CheckpointPlan;
import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.operator.flink.FlinkJob;
import dev.tributary.operator.status.Conditions;
import dev.tributary.operator.status.PipelineReason;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@code Checkpointing} condition of a running job: True while checkpoints complete about as often as the plan
 * asks, False when none completed for three intervals (or one interval plus the timeout, if longer). Its message does
 * not carry times or ids, so it changes only when the judgement does; {@code status.lastCheckpoint} has the details.
 */
public final class CheckpointHealth {

    private CheckpointHealth() {
    }

    public static Condition of(FlinkJob job, CheckpointPlan plan, Instant now) {
        if (!job.running() || plan == null) {
            return notRunning();
        }
        Duration interval = Duration.ofMillis(plan.intervalMs());
        Duration allowed = max(interval.multipliedBy(3), interval.plusMillis(plan.timeoutMs()));
        Instant since = job.lastCheckpoint() == null ? job.startTime() : job.lastCheckpoint().time();
        boolean late = Duration.between(since, now).compareTo(allowed) > 0;
        String failure = job.checkpointFailure() == null ? "" : " The latest failed with: " + job.checkpointFailure();
        if (!late) {
            return job.lastCheckpoint() == null
                    ? new Condition(PipelineReason.CHECKPOINTING, Condition.UNKNOWN,
                            PipelineReason.NoCheckpointYet.name(), "The job has not completed a checkpoint yet.")
                    : Conditions.of(PipelineReason.CHECKPOINTING, true, PipelineReason.CheckpointsCompleting,
                            "Checkpoints complete; the latest is in"
                            + " status.lastCheckpoint.");
        }
        return Conditions.of(PipelineReason.CHECKPOINTING, false, PipelineReason.CheckpointsFailing,
                "No checkpoint completed within "
                + allowed.toSeconds() + "s (interval " + interval.toSeconds() + "s)." + failure
                + " A restart would replay from the last completed checkpoint; see the JobManager's log.");
    }

    /** A job that does not run (stopped, upgrading, suspended) does not checkpoint; that is not a failure. */
    public static Condition notRunning() {
        return new Condition(PipelineReason.CHECKPOINTING, Condition.UNKNOWN, PipelineReason.JobNotRunning.name(),
                "The job does not run, so it takes no checkpoints.");
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
