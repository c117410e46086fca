package dev.tributary.operator.pipeline;

import dev.tributary.api.v1alpha1.CheckpointStatus;
import dev.tributary.api.v1alpha1.JobStatus;
import dev.tributary.operator.flink.FlinkJob;
import java.time.Duration;
import java.time.Instant;
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

    /**
     * The checkpoint the status reports: a running job completes one every interval, and writing each would make
     * every poll a status write. The reported one moves on when it is older than {@code every} (the resync period),
     * or when the newest one belongs to another job; the Checkpointing condition says at once when they stop.
     */
    static CheckpointStatus reported(CheckpointStatus previous, Optional<CheckpointStatus> newest, Instant now,
            Duration every) {
        if (newest.isEmpty()) {
            return previous;
        }
        if (previous == null || previous.time == null || previous.path == null || newest.get().path == null
                || !jobDirectory(previous.path).equals(jobDirectory(newest.get().path))
                || Instant.parse(previous.time).plus(every).isBefore(now)) {
            return newest.get();
        }
        return previous;
    }

    /** {@code …/checkpoints/<job id>} of {@code …/checkpoints/<job id>/chk-<n>}. */
    private static String jobDirectory(String checkpointPath) {
        int slash = checkpointPath.lastIndexOf('/');
        return slash < 0 ? checkpointPath : checkpointPath.substring(0, slash);
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
