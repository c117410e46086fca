package dev.tributary.operator.flink;

import dev.tributary.api.v1alpha1.Pipeline;
import java.util.Optional;

/** What the operator asks of a Pipeline's JobManager. Implemented over Flink's REST API; fakes in unit tests. */
public interface FlinkJobs {

    /**
     * The application cluster's job: the one running, else the one started last.
     *
     * @return empty when the JobManager runs no job yet
     * @throws FlinkUnreachableException when the JobManager does not answer
     */
    Optional<FlinkJob> job(Pipeline pipeline);

    /**
     * Asks Flink to stop the job with a savepoint (no drain) under a request id the caller chose and recorded first:
     * Flink treats a request repeated with the same id as the same request.
     */
    void stopWithSavepoint(Pipeline pipeline, String jobId, String triggerId);

    SavepointProgress savepoint(Pipeline pipeline, String jobId, String triggerId);

    /**
     * The job's newest savepoint as its checkpoint statistics record it, if it was triggered at or after
     * {@code since}: for a stop request whose result the JobManager no longer knows.
     */
    Optional<String> savepointSince(Pipeline pipeline, String jobId, java.time.Instant since);
}
