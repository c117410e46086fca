package dev.tributary.operator.status;

/**
 * Every reason a Pipeline's conditions give, by condition; the README lists the same (ReasonsInReadmeTest checks).
 */
public enum PipelineReason {
    // Ready
    SourceNotFound, SinkNotFound, SourceNotReady, SinkNotReady, InvalidSpec, InvalidSql, InternalError, ApplyFailed,
    Deploying, Running, JobManagerUnreachable, JobNotSubmitted, JobStarting, JobRunning, JobRestarting, JobFailed,
    JobEnded, Upgrading, UpgradeBlocked, Suspended,
    // Deployed (also ApplyFailed, Suspended)
    JobManagerAvailable, JobManagerUnavailable, NotDeployed,
    // Checkpointing
    CheckpointsCompleting, NoCheckpointYet, CheckpointsFailing, JobNotRunning;

    /** The condition types a Pipeline reports besides Ready. */
    public static final String DEPLOYED = "Deployed";
    public static final String CHECKPOINTING = "Checkpointing";
}
