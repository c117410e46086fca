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

    /** Asks Flink to stop the job with a savepoint (no drain); returns the request's id. */
    String stopWithSavepoint(Pipeline pipeline, String jobId);

    SavepointProgress savepoint(Pipeline pipeline, String jobId, String triggerId);

    /** The newest savepoint of the job as its checkpoint statistics record it, for a request the JobManager lost. */
    Optional<String> latestSavepoint(Pipeline pipeline, String jobId);
}
