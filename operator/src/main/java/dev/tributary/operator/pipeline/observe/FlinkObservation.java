package dev.tributary.operator.pipeline.observe;

import dev.tributary.operator.flink.FlinkJob;
import dev.tributary.operator.flink.SavepointProgress;
import java.util.Optional;

/**
 * What the Pipeline's JobManager said in this reconcile, asked at most once for its job and once about the stop
 * request in flight.
 *
 * @param asked whether the JobManager was asked at all (it is not while it is not Available and no upgrade runs)
 * @param job the job, empty when none runs or the JobManager was not asked or did not answer
 * @param unreachable why the JobManager did not answer about its job, or null
 * @param stop the recorded stop-with-savepoint request as Flink knows it; null when none is in flight
 */
public record FlinkObservation(boolean asked, Optional<FlinkJob> job, String unreachable, StopRequest stop) {

    /**
     * @param progress the request's progress ({@code UNKNOWN}: Flink does not know it, and the stopped job's
     *     checkpoint statistics named no savepoint since the request was recorded); null when Flink did not answer
     * @param unreachable why Flink did not answer about the request, or null
     */
    public record StopRequest(SavepointProgress progress, String unreachable) {
    }

    public static FlinkObservation notAsked() {
        return new FlinkObservation(false, Optional.empty(), null, null);
    }

    /** The same observation with the stop request refused: what the next decision sees when sending it failed. */
    public FlinkObservation withStopRefused(String jobId, String why) {
        return new FlinkObservation(asked, job, unreachable,
                new StopRequest(SavepointProgress.failed("Flink refused to stop job " + jobId + ": " + why), null));
    }
}
