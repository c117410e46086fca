package dev.tributary.operator.pipeline.observe;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.UpgradeStatus;
import dev.tributary.operator.flink.FlinkJob;
import dev.tributary.operator.flink.FlinkJobs;
import dev.tributary.operator.flink.FlinkUnreachableException;
import dev.tributary.operator.flink.SavepointProgress;
import java.time.Instant;
import java.util.Optional;

/** Reads what the upgrade steps and the status need from the Pipeline's JobManager: each thing once, nothing sent. */
public final class FlinkObserver {

    private final FlinkJobs flink;

    public FlinkObserver(FlinkJobs flink) {
        this.flink = flink;
    }

    /**
     * The job is asked for while the JobManager is Available or an upgrade is in flight (a new JobManager may be
     * starting); the stop request while the upgrade is at its Stopping step.
     */
    public FlinkObservation observe(Pipeline pipeline, boolean jobManagerAvailable) {
        UpgradeStatus upgrade = pipeline.getStatus() == null ? null : pipeline.getStatus().upgrade;
        if (!jobManagerAvailable && upgrade == null) {
            return FlinkObservation.notAsked();
        }
        Optional<FlinkJob> job = Optional.empty();
        String unreachable = null;
        try {
            job = flink.job(pipeline);
        } catch (FlinkUnreachableException e) {
            unreachable = e.getMessage();
        }
        FlinkObservation.StopRequest stop = upgrade != null && upgrade.step == UpgradeStatus.Step.Stopping
                ? stopRequest(pipeline, upgrade, job) : null;
        return new FlinkObservation(true, job, unreachable, stop);
    }

    /**
     * The recorded request's progress. One Flink forgot (or never received) is looked for in the stopped job's
     * checkpoint statistics.
     */
    private FlinkObservation.StopRequest stopRequest(Pipeline pipeline, UpgradeStatus upgrade, Optional<FlinkJob> job) {
        try {
            SavepointProgress progress = flink.savepoint(pipeline, upgrade.jobId, upgrade.savepointTriggerId);
            boolean finished = job.filter(j -> j.id().equals(upgrade.jobId))
                    .map(j -> "FINISHED".equals(j.state())).orElse(false);
            if (progress.state() == SavepointProgress.State.UNKNOWN && finished) {
                Optional<String> savepoint = flink.savepointSince(pipeline, upgrade.jobId,
                        Instant.parse(upgrade.startTime));
                if (savepoint.isPresent()) {
                    progress = SavepointProgress.completed(savepoint.get());
                }
            }
            return new FlinkObservation.StopRequest(progress, null);
        } catch (FlinkUnreachableException e) {
            return new FlinkObservation.StopRequest(null, e.getMessage());
        }
    }
}
