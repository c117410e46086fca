package dev.tributary.operator.pipeline;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelinePhase;
import dev.tributary.api.v1alpha1.PipelineState;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.api.v1alpha1.SavepointStatus;
import dev.tributary.api.v1alpha1.UpgradeMode;
import dev.tributary.api.v1alpha1.UpgradeStatus;
import dev.tributary.operator.flink.FlinkJob;
import dev.tributary.operator.flink.FlinkJobs;
import dev.tributary.operator.flink.FlinkUnreachableException;
import dev.tributary.operator.flink.SavepointProgress;
import dev.tributary.operator.pipeline.UpgradeDecision.Note;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Moves a Pipeline's job from the plan and state it runs to the ones its spec asks for, one safe step per
 * reconcile. The status is the memory: every step that cannot be repeated (asking Flink for a savepoint, the
 * savepoint's path) is recorded before the next one acts on it, so an operator that dies anywhere in between
 * finishes the same upgrade with the same savepoint when it comes back.
 *
 * <p>Per {@code upgradeMode}: savepoint stops the job with a savepoint and restarts from it; last-state restarts
 * from the newest retained checkpoint; stateless starts without state. Suspending always takes a savepoint when
 * the job runs, and resuming starts from it. A job that is not running cannot take a savepoint; then its newest
 * retained checkpoint is the state it is restarted from.
 */
public final class UpgradeSteps {

    public static final String UPGRADE = "upgrade";
    public static final String SUSPEND = "suspend";
    public static final String RESUME = "resume";

    static final Duration STEP = Duration.ofMillis(500);
    private static final String INITIAL = "initial";
    private static final String SUSPENDED = "suspended";
    static final Duration POLL = Duration.ofSeconds(2);
    static final Duration RETRY = Duration.ofSeconds(30);

    private final FlinkJobs flink;
    private final Clock clock;

    public UpgradeSteps(FlinkJobs flink, Clock clock) {
        this.flink = flink;
        this.clock = clock;
    }

    /**
     * @param desiredPlanHash the plan the spec resolves to now
     * @param jobManagerReplicas the observed JobManager Deployment's replicas; null when it does not exist
     * @param jobManagerAvailable the JobManager Deployment is Available (its pod runs)
     */
    public UpgradeDecision next(Pipeline pipeline, String desiredPlanHash, Integer jobManagerReplicas,
            boolean jobManagerAvailable) {
        PipelineStatus status = pipeline.getStatus() == null ? new PipelineStatus() : pipeline.getStatus();
        boolean wantRunning = pipeline.getSpec().stateOrDefault() == PipelineState.RUNNING;
        if (status.upgrade != null) {
            return status.upgrade.step == UpgradeStatus.Step.Stopping ? stopping(pipeline, status)
                    : redeploying(pipeline, status, desiredPlanHash, jobManagerReplicas);
        }
        if (jobManagerReplicas == null && status.planHash == null) {
            return deploy(status, desiredPlanHash, new JobDeployment(null, wantRunning,
                    JobDeployment.jobId(uid(pipeline), desiredPlanHash, null, INITIAL)), null, Optional.empty());
        }
        boolean deployedRunning = jobManagerReplicas == null ? status.phase != PipelinePhase.Suspended
                : jobManagerReplicas > 0;
        if (!deployedRunning) {
            if (wantRunning) {
                return begin(status, RESUME, pipeline, desiredPlanHash, null, UpgradeStatus.Step.Redeploying,
                        status.restoredFrom, new Note("Resuming", "resuming from " + describe(status.restoredFrom),
                                false));
            }
            // Suspended and staying so: a new plan is deployed at zero replicas, to start from the same savepoint.
            String jobId = desiredPlanHash.equals(status.planHash) ? deployedJobId(pipeline, status)
                    : JobDeployment.jobId(uid(pipeline), desiredPlanHash, status.restoredFrom, SUSPENDED);
            return deploy(status, desiredPlanHash, new JobDeployment(status.restoredFrom, false, jobId), null,
                    Optional.empty());
        }
        boolean planChanged = !desiredPlanHash.equals(status.planHash);
        if (wantRunning && !planChanged) {
            return deploy(status, desiredPlanHash, new JobDeployment(status.restoredFrom, true,
                    deployedJobId(pipeline, status)), null, Optional.empty());
        }
        return stop(pipeline, status, desiredPlanHash, wantRunning ? UPGRADE : SUSPEND, jobManagerAvailable);
    }

    /** The running job has to stop: with a savepoint when the mode or a suspension asks for one and it can. */
    private UpgradeDecision stop(Pipeline pipeline, PipelineStatus status, String desiredPlanHash, String reason,
            boolean jobManagerAvailable) {
        UpgradeMode mode = pipeline.getSpec().upgradeModeOrDefault();
        boolean savepoint = SUSPEND.equals(reason) || mode == UpgradeMode.SAVEPOINT;
        if (!savepoint) {
            String restore = mode == UpgradeMode.LAST_STATE ? JobDeployment.LATEST : null;
            return begin(status, reason, pipeline, desiredPlanHash, null, UpgradeStatus.Step.Redeploying, restore,
                    new Note(title(reason), reason + " (upgradeMode " + modeName(mode) + "): redeploying from "
                            + describe(restore), false));
        }
        Optional<FlinkJob> job;
        try {
            job = jobManagerAvailable ? flink.job(pipeline) : Optional.empty();
        } catch (FlinkUnreachableException e) {
            return hold(status, "Waiting for the JobManager to answer before taking a savepoint for the " + reason
                    + ": " + e.getMessage() + ".", POLL);
        }
        if (job.isEmpty() || !job.get().running()) {
            String why = job.map(j -> "job " + j.id() + " is " + j.state()).orElse("no job runs");
            return begin(status, reason, pipeline, desiredPlanHash, null, UpgradeStatus.Step.Redeploying,
                    JobDeployment.LATEST, new Note(title(reason), why + ", so no savepoint can be taken: redeploying"
                            + " from the newest retained checkpoint instead", true));
        }
        String trigger;
        try {
            trigger = flink.stopWithSavepoint(pipeline, job.get().id());
        } catch (FlinkUnreachableException e) {
            return hold(status, "Flink refused to stop job " + job.get().id() + " with a savepoint: " + e.getMessage()
                    + ". Retrying.", RETRY);
        }
        UpgradeDecision started = begin(status, reason, pipeline, desiredPlanHash, job.get().id(),
                UpgradeStatus.Step.Stopping, null, new Note("SavepointRequested", "stopping job " + job.get().id()
                        + " with a savepoint for the " + reason, false));
        started.upgrade().savepointTriggerId = trigger;
        return started;
    }

    private UpgradeDecision stopping(Pipeline pipeline, PipelineStatus status) {
        UpgradeStatus upgrade = status.upgrade;
        SavepointProgress progress;
        try {
            progress = flink.savepoint(pipeline, upgrade.jobId, upgrade.savepointTriggerId);
            if (progress.state() == SavepointProgress.State.UNKNOWN) {
                progress = lostRequest(pipeline, upgrade);
            }
        } catch (FlinkUnreachableException e) {
            return hold(status, "Waiting for the JobManager to report the savepoint of job " + upgrade.jobId + ": "
                    + e.getMessage() + ".", POLL);
        }
        return switch (progress.state()) {
            case IN_PROGRESS -> hold(status, null, POLL);
            case COMPLETED -> {
                UpgradeStatus next = copy(upgrade);
                next.step = UpgradeStatus.Step.Redeploying;
                next.restore = progress.location();
                SavepointStatus savepoint = new SavepointStatus();
                savepoint.path = progress.location();
                savepoint.time = clock.instant().toString();
                savepoint.reason = upgrade.reason;
                // Recorded first: the JobManager is redeployed from it on the next reconcile, not this one.
                yield new UpgradeDecision(Optional.empty(), status.planHash, status.restoredFrom, next, savepoint,
                        Optional.of(new Note("SavepointTaken", "savepoint of job " + upgrade.jobId + " taken at "
                                + progress.location(), false)), null, Optional.of(STEP));
            }
            case FAILED, UNKNOWN -> new UpgradeDecision(Optional.empty(), status.planHash, status.restoredFrom, null,
                    status.lastSavepoint, Optional.of(new Note("SavepointFailed", "the savepoint of job "
                            + upgrade.jobId + " failed" + (progress.failure() == null ? "" : ": " + progress.failure())
                            + "; the job keeps running and the " + upgrade.reason + " is retried", true)),
                    "The savepoint for the " + upgrade.reason + " failed"
                            + (progress.failure() == null ? "" : ": " + progress.failure())
                            + ". The job keeps running; retrying.", Optional.of(RETRY));
        };
    }

    /**
     * The JobManager no longer knows the stop request. If the job stopped, its checkpoint statistics name the
     * savepoint it stopped with; if it still runs, the request never took effect and is asked again.
     */
    private SavepointProgress lostRequest(Pipeline pipeline, UpgradeStatus upgrade) {
        Optional<FlinkJob> job = flink.job(pipeline);
        if (job.isPresent() && job.get().id().equals(upgrade.jobId) && job.get().terminal()) {
            Optional<String> savepoint = flink.latestSavepoint(pipeline, upgrade.jobId);
            if (savepoint.isPresent()) {
                return SavepointProgress.completed(savepoint.get());
            }
        }
        if (job.isPresent() && job.get().id().equals(upgrade.jobId) && !job.get().terminal()) {
            return SavepointProgress.failed("the JobManager lost the request while the job kept running");
        }
        return SavepointProgress.unknown();
    }

    private UpgradeDecision redeploying(Pipeline pipeline, PipelineStatus status, String desiredPlanHash,
            Integer jobManagerReplicas) {
        UpgradeStatus upgrade = copy(status.upgrade);
        boolean running = !SUSPEND.equals(upgrade.reason);
        if (running && pipeline.getSpec().stateOrDefault() == PipelineState.SUSPENDED
                || !running && pipeline.getSpec().stateOrDefault() == PipelineState.RUNNING) {
            // The spec turned around mid-way: the recorded state is what the other direction starts from too.
            upgrade.reason = running ? SUSPEND : RESUME;
            running = !running;
        }
        upgrade.toPlanHash = desiredPlanHash;
        JobDeployment deployment = new JobDeployment(upgrade.restore, running,
                JobDeployment.jobId(uid(pipeline), desiredPlanHash, upgrade.restore, upgrade.startTime));
        if (!running) {
            boolean done = jobManagerReplicas != null && jobManagerReplicas == 0;
            return deploy(status, desiredPlanHash, deployment, done ? null : upgrade,
                    done ? Optional.of(new Note("Suspended", "suspended; it resumes from "
                            + describe(upgrade.restore), false)) : Optional.empty());
        }
        Optional<FlinkJob> job;
        try {
            job = flink.job(pipeline);
        } catch (FlinkUnreachableException e) {
            job = Optional.empty();
        }
        if (job.isPresent() && runsTheNewPlan(job.get(), upgrade, desiredPlanHash)) {
            return deploy(status, desiredPlanHash, deployment, null, Optional.of(new Note(title(upgrade.reason) + "d",
                    "job " + job.get().id() + " runs plan " + desiredPlanHash + ", started from "
                            + describe(upgrade.restore), false)));
        }
        UpgradeDecision waiting = deploy(status, desiredPlanHash, deployment, upgrade, Optional.empty());
        return new UpgradeDecision(waiting.deploy(), waiting.planHash(), waiting.restoredFrom(), waiting.upgrade(),
                waiting.savepoint(), waiting.note(), null, Optional.of(POLL));
    }

    /** The job id the running deployment was given; one deployed before job ids were recorded gets its initial id. */
    private static String deployedJobId(Pipeline pipeline, PipelineStatus status) {
        return status.deployedJobId != null ? status.deployedJobId
                : JobDeployment.jobId(uid(pipeline), status.planHash, status.restoredFrom, INITIAL);
    }

    private static String uid(Pipeline pipeline) {
        return pipeline.getMetadata().getUid();
    }

    /** The job says which plan it runs; one that does not say counts as new when it is another or a later job. */
    private static boolean runsTheNewPlan(FlinkJob job, UpgradeStatus upgrade, String desiredPlanHash) {
        if (!job.running()) {
            return false;
        }
        if (job.planHash() != null) {
            return desiredPlanHash.equals(job.planHash());
        }
        return !job.id().equals(upgrade.jobId) || job.startTime().isAfter(Instant.parse(upgrade.startTime));
    }

    private UpgradeDecision begin(PipelineStatus status, String reason, Pipeline pipeline, String desiredPlanHash,
            String jobId, UpgradeStatus.Step step, String restore, Note note) {
        UpgradeStatus upgrade = new UpgradeStatus();
        upgrade.reason = reason;
        upgrade.step = step;
        upgrade.mode = pipeline.getSpec().upgradeModeOrDefault();
        upgrade.toPlanHash = desiredPlanHash;
        upgrade.jobId = jobId;
        upgrade.restore = restore;
        upgrade.startTime = clock.instant().toString();
        return new UpgradeDecision(Optional.empty(), status.planHash, status.restoredFrom, upgrade,
                status.lastSavepoint, Optional.of(note), null, Optional.of(step == UpgradeStatus.Step.Stopping ? POLL
                        : STEP));
    }

    private static UpgradeDecision deploy(PipelineStatus status, String planHash, JobDeployment deployment,
            UpgradeStatus upgrade, Optional<Note> note) {
        return new UpgradeDecision(Optional.of(deployment), planHash, deployment.restore(), upgrade,
                status.lastSavepoint, note, null, Optional.empty());
    }


    private static UpgradeDecision hold(PipelineStatus status, String problem, Duration recheck) {
        return new UpgradeDecision(Optional.empty(), status.planHash, status.restoredFrom, status.upgrade,
                status.lastSavepoint, Optional.empty(), problem, Optional.of(recheck));
    }

    private static UpgradeStatus copy(UpgradeStatus from) {
        UpgradeStatus to = new UpgradeStatus();
        to.reason = from.reason;
        to.step = from.step;
        to.mode = from.mode;
        to.toPlanHash = from.toPlanHash;
        to.jobId = from.jobId;
        to.savepointTriggerId = from.savepointTriggerId;
        to.restore = from.restore;
        to.startTime = from.startTime;
        return to;
    }

    static String describe(String restore) {
        if (restore == null) {
            return "no state";
        }
        return JobDeployment.LATEST.equals(restore) ? "the newest retained checkpoint" : restore;
    }

    private static String modeName(UpgradeMode mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static String title(String reason) {
        return switch (reason) {
            case SUSPEND -> "Suspend";
            case RESUME -> "Resume";
            default -> "Upgrade";
        };
    }
}
