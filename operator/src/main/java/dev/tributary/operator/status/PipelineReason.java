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

    /**
     * The steps every Pipeline passes on its way to running, as {@code type/reason}, which its status shows and no
     * event repeats unless the condition was True before (a running JobManager gone is still a Warning): a new
     * Pipeline's status passes through each, and an event per step was most of its API writes. What is wrong is
     * still an event: JobManagerUnreachable, JobFailed, SourceNotReady and the rest, and the upgrade's own events.
     */
    public static final java.util.Set<String> PASSING_STEPS = java.util.Set.of(
            ChangeEvents.step("Ready", Deploying), ChangeEvents.step("Ready", JobStarting),
            ChangeEvents.step(DEPLOYED, NotDeployed), ChangeEvents.step(DEPLOYED, JobManagerUnavailable), ChangeEvents.step(CHECKPOINTING, NoCheckpointYet),
            ChangeEvents.step(CHECKPOINTING, JobNotRunning), ChangeEvents.step(UPGRADE, UpToDate));
}
