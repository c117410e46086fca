package dev.tributary.operator.status;

/**
 * Every reason a Pipeline's conditions give, by condition; the README lists the same (ReasonsInReadmeTest checks).
 */
public enum PipelineReason {
    // Ready
    SourceNotFound, SinkNotFound, SourceNotReady, SinkNotReady, InvalidSpec, InvalidSql, InternalError, ApplyFailed,
    Deploying, Running, JobManagerUnreachable, JobNotSubmitted, JobStarting, JobRunning, JobRestarting, JobFailed,
    JobEnded, Upgrading, UpgradeBlocked, UpgradeFailed, Suspended,
    // Deployed (also ApplyFailed, Suspended)
    JobManagerAvailable, JobManagerUnavailable, NotDeployed,
    // Checkpointing
    CheckpointsCompleting, NoCheckpointYet, CheckpointsFailing, JobNotRunning,
    // Upgrade (also Upgrading, UpgradeBlocked, UpgradeFailed)
    UpToDate, Judging;

    /** The condition types a Pipeline reports besides Ready. */
    public static final String DEPLOYED = "Deployed";
    public static final String CHECKPOINTING = "Checkpointing";
    public static final String UPGRADE = "Upgrade";
}
