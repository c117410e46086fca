package dev.tributary.operator.pipeline;

import dev.tributary.api.v1alpha1.CheckpointStatus;
import dev.tributary.api.v1alpha1.JobStatus;
import dev.tributary.operator.flink.FlinkJob;
import java.util.Optional;

/** A Flink job as the Pipeline's status reports it. */
final class JobStatuses {

    private JobStatuses() {
    }

    static JobStatus of(FlinkJob job) {
        JobStatus status = new JobStatus();
        status.id = job.id();
        status.state = job.state();
        status.startTime = job.startTime().toString();
        status.restarts = job.restarts();
        status.lastError = job.lastError();
        return status;
    }

    static Optional<CheckpointStatus> checkpoint(FlinkJob job) {
        if (job.lastCheckpoint() == null) {
            return Optional.empty();
        }
        CheckpointStatus status = new CheckpointStatus();
        status.id = job.lastCheckpoint().id();
        status.time = job.lastCheckpoint().time().toString();
        status.path = job.lastCheckpoint().path();
        return Optional.of(status);
    }
}
