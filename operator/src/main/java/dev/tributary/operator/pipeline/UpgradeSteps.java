package dev.tributary.operator.pipeline;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelinePhase;
import dev.tributary.api.v1alpha1.PipelineState;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.api.v1alpha1.SavepointStatus;
import dev.tributary.api.v1alpha1.UpgradeMode;
import dev.tributary.api.v1alpha1.UpgradeStatus;
import dev.tributary.operator.common.Backoff;
import dev.tributary.operator.flink.FlinkJob;
import dev.tributary.operator.flink.FlinkJobs;
import dev.tributary.operator.flink.FlinkUnreachableException;
import dev.tributary.operator.flink.SavepointProgress;
import dev.tributary.operator.pipeline.UpgradeDecision.Note;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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
    static final Duration MAX_RETRY = Duration.ofMinutes(10);

    private final FlinkJobs flink;
    private final Clock clock;
    /** Failed savepoints are retried later and later (per Pipeline uid), so a broken one does not churn the job. */
    private final Backoff savepointRetries = new Backoff(RETRY, MAX_RETRY);
    private final Map<String, Instant> nextSavepointAttempt = new ConcurrentHashMap<>();

    public UpgradeSteps(FlinkJobs flink, Clock clock) {
        this.flink = flink;
        this.clock = clock;
    }

    /**
     * @param desiredPlanHash the plan the spec resolves to now
     * @param jobManagerReplicas the observed JobManager Deployment's replicas; null when it does not exist
     * @param jobManagerAvailable the JobManager Deployment is Available (its pod runs)
     * @param jobManagerJobId the job id the observed JobManager Deployment was given; null when there is none
     */
    public UpgradeDecision next(Pipeline pipeline, String desiredPlanHash, Integer jobManagerReplicas,
            boolean jobManagerAvailable, String jobManagerJobId) {
        PipelineStatus status = pipeline.getStatus() == null ? new PipelineStatus() : pipeline.getStatus();
        boolean wantRunning = pipeline.getSpec().stateOrDefault() == PipelineState.RUNNING;
        if (status.upgrade != null) {
            return status.upgrade.step == UpgradeStatus.Step.Stopping ? stopping(pipeline, status)
                    : redeploying(pipeline, status, desiredPlanHash, jobManagerReplicas);
        }
        String initialJobId = JobDeployment.jobId(uid(pipeline), desiredPlanHash, null, INITIAL);
        // Nothing recorded yet: the first deployment, or the same one applied by an operator that died before it
        // recorded it (its JobManager carries the initial job id), which must not be taken for an upgrade.
        if (status.planHash == null && (jobManagerReplicas == null || initialJobId.equals(jobManagerJobId))) {
            return deploy(status, desiredPlanHash, new JobDeployment(null, wantRunning, initialJobId), null,
                    Optional.empty());
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
        Instant notBefore = nextSavepointAttempt.get(uid(pipeline));
        if (notBefore != null && clock.instant().isBefore(notBefore)) {
            return hold(status, "The last savepoint for the " + reason + " failed; the next attempt is at " + notBefore
                    + ".", Duration.between(clock.instant(), notBefore));
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
            String restore = lastKnownState(job, status);
            return begin(status, reason, pipeline, desiredPlanHash, null, UpgradeStatus.Step.Redeploying, restore,
                    new Note(title(reason), why + ", so no savepoint can be taken: redeploying from "
                            + describe(restore) + " instead", true));
        }
        // The request id is chosen and recorded first; the request is sent by the next step, so an operator that
        // dies in between sends the same request again instead of losing the savepoint it produced.
        UpgradeDecision started = begin(status, reason, pipeline, desiredPlanHash, job.get().id(),
                UpgradeStatus.Step.Stopping, null, new Note("SavepointRequested", "stopping job " + job.get().id()
                        + " with a savepoint for the " + reason, false));
        started.upgrade().savepointTriggerId = UUID.randomUUID().toString().replace("-", "");
        return started;
    }

    /**
     * The newest state of the job that cannot take a savepoint: its own latest checkpoint, else what it was started
     * from, else the newest retained checkpoint of any job.
     */
    private static String lastKnownState(Optional<FlinkJob> job, PipelineStatus status) {
        if (job.isPresent() && job.get().lastCheckpoint() != null && job.get().lastCheckpoint().path() != null) {
            return job.get().lastCheckpoint().path();
        }
        if (status.restoredFrom != null && !JobDeployment.LATEST.equals(status.restoredFrom)) {
            return status.restoredFrom;
        }
        return JobDeployment.LATEST;
    }

    private UpgradeDecision stopping(Pipeline pipeline, PipelineStatus status) {
        UpgradeStatus upgrade = status.upgrade;
        SavepointProgress progress;
        try {
            progress = flink.savepoint(pipeline, upgrade.jobId, upgrade.savepointTriggerId);
            if (progress.state() == SavepointProgress.State.UNKNOWN) {
                progress = notKnownYet(pipeline, upgrade);
            }
        } catch (FlinkUnreachableException e) {
            return hold(status, "Waiting for the JobManager to stop job " + upgrade.jobId + " with a savepoint: "
                    + e.getMessage() + ".", POLL);
        }
        return switch (progress.state()) {
            case IN_PROGRESS -> hold(status, null, POLL);
            case COMPLETED -> {
                savepointRetries.reset(uid(pipeline));
                nextSavepointAttempt.remove(uid(pipeline));
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
            case FAILED, UNKNOWN -> {
                Duration wait = savepointRetries.next(uid(pipeline));
                nextSavepointAttempt.put(uid(pipeline), clock.instant().plus(wait));
                String why = progress.failure() == null ? "" : ": " + progress.failure();
                yield new UpgradeDecision(Optional.empty(), status.planHash, status.restoredFrom, null,
                        status.lastSavepoint, Optional.of(new Note("SavepointFailed", "the savepoint of job "
                                + upgrade.jobId + " failed" + why + "; the job keeps running and the " + upgrade.reason
                                + " is tried again in " + wait.toSeconds() + "s", true)),
                        "The savepoint for the " + upgrade.reason + " failed" + why + ". The job keeps running;"
                                + " retrying in " + wait.toSeconds() + "s.", Optional.of(wait));
            }
        };
    }

    /**
     * Flink does not know the recorded request: it was not sent yet (or not received), or the JobManager forgot it.
     * A job that still runs is asked now (again, under the same id); a job that finished names the savepoint it
     * stopped with in its checkpoint statistics.
     */
    private SavepointProgress notKnownYet(Pipeline pipeline, UpgradeStatus upgrade) {
        Optional<FlinkJob> job = flink.job(pipeline).filter(j -> j.id().equals(upgrade.jobId));
        if (job.isPresent() && job.get().running()) {
            try {
                flink.stopWithSavepoint(pipeline, upgrade.jobId, upgrade.savepointTriggerId);
                return SavepointProgress.inProgress();
            } catch (FlinkUnreachableException e) {
                return SavepointProgress.failed("Flink refused to stop job " + upgrade.jobId + ": " + e.getMessage());
            }
        }
        if (job.isPresent() && "FINISHED".equals(job.get().state())) {
            Optional<String> savepoint = flink.savepointSince(pipeline, upgrade.jobId,
                    Instant.parse(upgrade.startTime));
            if (savepoint.isPresent()) {
                return SavepointProgress.completed(savepoint.get());
            }
        }
        return SavepointProgress.failed(job.map(j -> "job " + upgrade.jobId + " is " + j.state()
                + " and its stop request is unknown to Flink").orElse("job " + upgrade.jobId + " is gone"));
    }

    private UpgradeDecision redeploying(Pipeline pipeline, PipelineStatus status, String desiredPlanHash,
            Integer jobManagerReplicas) {
        UpgradeStatus upgrade = copy(status.upgrade);
        boolean wantRunning = pipeline.getSpec().stateOrDefault() == PipelineState.RUNNING;
        if (SUSPEND.equals(upgrade.reason)) {
            if (wantRunning) {
                // Resumed before the suspension finished: nothing ran since the savepoint, so start from it.
                upgrade.reason = RESUME;
                upgrade.toPlanHash = desiredPlanHash;
                return deploy(status, desiredPlanHash, deployment(pipeline, upgrade, true), upgrade, Optional.empty());
            }
            upgrade.toPlanHash = desiredPlanHash;
            boolean done = jobManagerReplicas != null && jobManagerReplicas == 0;
            return deploy(status, desiredPlanHash, deployment(pipeline, upgrade, false), done ? null : upgrade,
                    done ? Optional.of(new Note("Suspended", "suspended; it resumes from "
                            + describe(upgrade.restore), false)) : Optional.empty());
        }
        JobDeployment deployed = deployment(pipeline, upgrade, true);
        Optional<FlinkJob> job;
        try {
            job = flink.job(pipeline);
        } catch (FlinkUnreachableException e) {
            // The new JobManager may be starting; it is not redeployed again until it answers.
            return waiting(deploy(status, upgrade.toPlanHash, deployed, upgrade, Optional.empty()));
        }
        if (job.isPresent() && runsTheNewDeployment(job.get(), upgrade, deployed)) {
            // Done, with the plan it was deployed with; a spec changed meanwhile is the next upgrade, from this job.
            return deploy(status, upgrade.toPlanHash, deployed, null, Optional.of(new Note(title(upgrade.reason) + "d",
                    "job " + job.get().id() + " runs plan " + upgrade.toPlanHash + ", started from "
                            + describe(upgrade.restore), false)));
        }
        if (!wantRunning) {
            // Suspended before the new job ran: nothing ran since the recorded state, so it is what resume uses.
            upgrade.reason = SUSPEND;
            upgrade.toPlanHash = desiredPlanHash;
            return deploy(status, desiredPlanHash, deployment(pipeline, upgrade, false), upgrade, Optional.empty());
        }
        if (!desiredPlanHash.equals(upgrade.toPlanHash)) {
            upgrade.toPlanHash = desiredPlanHash; // the new job has not run: deploy the newer plan from the same state
            deployed = deployment(pipeline, upgrade, true);
        }
        return waiting(deploy(status, upgrade.toPlanHash, deployed, upgrade, Optional.empty()));
    }

    private JobDeployment deployment(Pipeline pipeline, UpgradeStatus upgrade, boolean running) {
        return new JobDeployment(upgrade.restore, running,
                JobDeployment.jobId(uid(pipeline), upgrade.toPlanHash, upgrade.restore, upgrade.startTime));
    }

    private static UpgradeDecision waiting(UpgradeDecision decision) {
        return new UpgradeDecision(decision.deploy(), decision.planHash(), decision.restoredFrom(), decision.upgrade(),
                decision.savepoint(), decision.note(), null, Optional.of(POLL));
    }

    /** The job of this deployment runs: its id is the deployment's, or it says it runs the plan being deployed. */
    private static boolean runsTheNewDeployment(FlinkJob job, UpgradeStatus upgrade, JobDeployment deployed) {
        if (!job.running()) {
            return false;
        }
        return job.id().equals(deployed.jobId())
                || upgrade.toPlanHash.equals(job.planHash()) && !job.id().equals(upgrade.jobId);
    }

    /** The job id the running deployment was given; one deployed before job ids were recorded gets its initial id. */
    private static String deployedJobId(Pipeline pipeline, PipelineStatus status) {
        return status.deployedJobId != null ? status.deployedJobId
                : JobDeployment.jobId(uid(pipeline), status.planHash, status.restoredFrom, INITIAL);
    }

    private static String uid(Pipeline pipeline) {
        return pipeline.getMetadata().getUid();
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
