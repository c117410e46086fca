package dev.tributary.operator.pipeline;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.JobStatus;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.operator.flink.FlinkJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One look at the job of a Pipeline whose JobManager is Available, as Flink reported it: fills {@code status.job},
 * {@code status.lastCheckpoint} and the Checkpointing condition, and judges the phase and Ready against what the
 * previous look recorded (a restart count that grew between two looks is a restart loop even when this one sees
 * RUNNING).
 */
final class JobPoll {

    private JobPoll() {
    }

    /**
     * @param job the job as Flink reported it in this reconcile, empty when it runs none or did not answer
     * @param unreachable why the JobManager did not answer, or null
     * @param status the status being built; {@code pipeline.getStatus()} is what the previous look recorded
     * @param resync how often {@code status.lastCheckpoint} moves on
     */
    static PipelinePhases.Judgement judge(Optional<FlinkJob> job, String unreachable, Pipeline pipeline,
            PipelinePlan plan, int readyTaskManagers, PipelineStatus status, Instant now, Duration resync) {
        JobStatus previous = pipeline.getStatus() == null ? null : pipeline.getStatus().job;
        job.ifPresent(j -> {
            status.job = JobStatuses.of(j);
            status.lastCheckpoint = JobStatuses.reported(status.lastCheckpoint, JobStatuses.checkpoint(j), now, resync);
            status.conditions = List.of(CheckpointHealth.of(j, plan.checkpoints(), now));
        });
        return PipelinePhases.ofJob(job, previous, unreachable, readyTaskManagers, now);
    }
}
