package dev.tributary.operator.flink;

import java.time.Instant;

/**
 * A Flink job as its JobManager reports it: enough to judge the Pipeline's health and to upgrade it safely.
 *
 * @param planHash the hash of the plan the job was built from (the runtime puts it in the job's parameters); null
 *     when the job does not say
 * @param restoredFrom the savepoint or checkpoint path the job restored from; null when it started without state
 * @param lastError the newest entry of the job's exception history, as one line; null when it has none
 * @param lastErrorTime when that exception happened; null when unknown
 * @param checkpointFailure why the latest failed checkpoint failed, when one failed after the latest completed one
 */
public record FlinkJob(String id, String state, Instant startTime, long restarts, String lastError,
        Instant lastErrorTime, Checkpoint lastCheckpoint, String planHash, String restoredFrom, String checkpointFailure) {

    /** A completed checkpoint. */
    public record Checkpoint(long id, Instant time, String path) {
    }

    public boolean running() {
        return "RUNNING".equals(state);
    }

    /** FINISHED, CANCELED, FAILED: the job will not run again in this JobManager. */
    public boolean terminal() {
        return "FINISHED".equals(state) || "CANCELED".equals(state) || "FAILED".equals(state);
    }
}
