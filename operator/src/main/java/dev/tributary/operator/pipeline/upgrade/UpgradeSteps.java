package dev.tributary.operator.pipeline.upgrade;

import dev.tributary.api.v1alpha1.PipelinePhase;
import dev.tributary.api.v1alpha1.PipelineState;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.api.v1alpha1.SavepointStatus;
import dev.tributary.api.v1alpha1.UpgradeMode;
import dev.tributary.api.v1alpha1.UpgradeStatus;
import dev.tributary.operator.flink.FlinkJob;
import dev.tributary.operator.flink.SavepointProgress;
import dev.tributary.operator.pipeline.build.JobDeployment;
import dev.tributary.operator.pipeline.observe.FlinkObservation;
import dev.tributary.operator.pipeline.upgrade.UpgradeDecision.Note;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Moves a Pipeline's job from the plan and state it runs to the ones its spec asks for, one safe step per
 * reconcile, as a function of what was observed: no I/O. The status is the memory: every step that cannot be
 * repeated (asking Flink for a savepoint, the savepoint's path) is recorded before the next one acts on it, so an
 * operator that dies anywhere in between finishes the same upgrade with the same savepoint when it comes back.
 *
 * <p>Per {@code upgradeMode}: savepoint stops the job with a savepoint and restarts from it; last-state restarts
 * from the newest retained checkpoint; stateless starts without state. Suspending always takes a savepoint when
 * the job runs, and resuming starts from it. A job that is not running cannot take a savepoint; then its newest
 * retained checkpoint is the state it is restarted from.
 */
public final class UpgradeSteps {

    public static final Duration STEP = Duration.ofMillis(500);
    public static final Duration POLL = Duration.ofSeconds(2);
    public static final Duration RETRY = Duration.ofSeconds(30);
    public static final Duration MAX_RETRY = Duration.ofMinutes(10);
    /** How often a reconcile asks whether the judge has spoken. */
    public static final Duration JUDGE_POLL = Duration.ofSeconds(1);
    /** How often a blocked or rolled-back upgrade is looked at again (the spec's change reconciles at once). */
    public static final Duration RECHECK_GATE = Duration.ofMinutes(1);
    private static final String INITIAL = "initial";
    private static final String SUSPENDED = "suspended";

    private final Supplier<String> triggerIds;

    /** @param triggerIds the ids of new stop-with-savepoint requests */
    public UpgradeSteps(Supplier<String> triggerIds) {
        this.triggerIds = triggerIds;
    }

    public UpgradeSteps() {
        this(() -> UUID.randomUUID().toString().replace("-", ""));
    }

    public UpgradeDecision next(UpgradeInput in) {
        PipelineStatus status = in.pipeline().getStatus() == null ? new PipelineStatus() : in.pipeline().getStatus();
        UpgradeDecision decision = step(in, status);
        if (decision.failedUpgrade() != null) {
            return decision;
        }
        // A rolled-back plan is remembered while the spec asks for it; another plan (or the previous one) clears it.
        boolean stillAsked = status.failedUpgrade != null && in.desiredPlanHash().equals(status.failedUpgrade.planHash);
        return decision.withFailedUpgrade(stillAsked ? status.failedUpgrade : null);
    }

    private UpgradeDecision step(UpgradeInput in, PipelineStatus status) {
        boolean wantRunning = in.pipeline().getSpec().stateOrDefault() == PipelineState.RUNNING;
        if (status.upgrade != null && status.upgrade.step == null) {
            return redeploying(in, status);
        }
        if (status.upgrade != null) {
            return switch (status.upgrade.step) {
                case Stopping -> stopping(in, status);
                case Verifying -> verifying(in, status);
                case RollingBack -> UpgradeVerification.rollingBack(in, status, copy(status.upgrade));
                case Redeploying -> redeploying(in, status);
            };
        }
        String desiredPlanHash = in.desiredPlanHash();
        String initialJobId = JobDeployment.jobId(in.uid(), desiredPlanHash, null, INITIAL);
        // Nothing recorded yet: the first deployment, or the same one applied by an operator that died before it
        // recorded it (its JobManager carries the initial job id), which must not be taken for an upgrade.
        if (status.planHash == null && (in.jobManagerReplicas() == null
                || initialJobId.equals(in.jobManagerJobId()))) {
            return UpgradeDecision.deploy(status, desiredPlanHash, new JobDeployment(null, wantRunning, initialJobId),
                    null, Optional.empty());
        }
        boolean deployedRunning = in.jobManagerReplicas() == null ? status.phase != PipelinePhase.Suspended
                : in.jobManagerReplicas() > 0;
        if (!deployedRunning) {
            // The savepoint a suspended job left is restored by the plan the spec asks for: judged like an upgrade.
            UpgradeGate.Verdict gate = desiredPlanHash.equals(status.planHash) ? new UpgradeGate.Pass(false, null)
                    : UpgradeGate.check(in.pipeline(), in.judgement());
            if (gate instanceof UpgradeGate.Wait) {
                return UpgradeDecision.gated(status, null, JUDGE_POLL);
            }
            if (gate instanceof UpgradeGate.Blocked blocked) {
                return UpgradeDecision.gated(status, blocked.message(), RECHECK_GATE);
            }
            UpgradeGate.Pass pass = (UpgradeGate.Pass) gate;
            if (wantRunning) {
                UpgradeDecision resumed = begin(in, status, UpgradeReason.RESUME, null, UpgradeStatus.Step.Redeploying,
                        status.restoredFrom, new Note("Resuming", "resuming from " + describe(status.restoredFrom),
                                false));
                // A plan deployed at zero replicas while suspended was let through the gate then, maybe for the
                // state loss the spec still allows: the savepoint it resumes from is of the plan that ran before.
                if (pass.allowNonRestoredState() || UpgradeGate.allowsStateLoss(in.pipeline())) {
                    resumed.upgrade().allowNonRestoredState = true;
                }
                if (status.planHash != null && (in.keptPlans().contains(status.planHash)
                        || !(in.judgement() instanceof UpgradeJudgement.NotAsked))) {
                    // the savepoint's plan (changed or not), so a spec changed again before the resumed job runs is
                    // judged against it
                    resumed.upgrade().previousPlanHash = status.planHash;
                }
                return pass.warning() == null ? resumed : resumed.withNote(pass.warning());
            }
            // Suspended and staying so: a new plan is deployed at zero replicas, to start from the same savepoint.
            String jobId = desiredPlanHash.equals(status.planHash) ? deployedJobId(in, status)
                    : JobDeployment.jobId(in.uid(), desiredPlanHash, status.restoredFrom, SUSPENDED);
            return UpgradeDecision.deploy(status, desiredPlanHash,
                    new JobDeployment(status.restoredFrom, false, jobId), null, Optional.empty());
        }
        boolean planChanged = !desiredPlanHash.equals(status.planHash);
        if (wantRunning && !planChanged) {
            return UpgradeDecision.deploy(status, desiredPlanHash, new JobDeployment(status.restoredFrom, true,
                    deployedJobId(in, status)), null, Optional.empty());
        }
        if (!wantRunning) {
            UpgradeDecision suspending = stop(in, status, UpgradeReason.SUSPEND);
            if (suspending.upgrade() != null && in.keptPlans().contains(status.planHash)) {
                // the plan whose state the suspension keeps, so a resume with another plan is judged against it
                suspending.upgrade().previousPlanHash = status.planHash;
            }
            return suspending;
        }
        if (status.failedUpgrade != null && desiredPlanHash.equals(status.failedUpgrade.planHash)) {
            return UpgradeDecision.failedBefore(status, RECHECK_GATE);
        }
        UpgradeGate.Verdict gate = UpgradeGate.check(in.pipeline(), in.judgement());
        if (gate instanceof UpgradeGate.Wait) {
            return UpgradeDecision.gated(status, null, JUDGE_POLL);
        }
        if (gate instanceof UpgradeGate.Blocked blocked) {
            return UpgradeDecision.gated(status, blocked.message(), RECHECK_GATE);
        }
        UpgradeGate.Pass pass = (UpgradeGate.Pass) gate;
        UpgradeDecision started = stop(in, status, UpgradeReason.UPGRADE);
        if (started.upgrade() != null) {
            // Guarded: verified after the redeploy and rolled back to this plan if the new job fails. Only when the
            // running plan is known (its ConfigMap keeps it for the rollback).
            if (!(in.judgement() instanceof UpgradeJudgement.NotAsked)) {
                started.upgrade().previousPlanHash = status.planHash;
            }
            if (pass.allowNonRestoredState()) {
                started.upgrade().allowNonRestoredState = true;
            }
        }
        return pass.warning() == null || started.upgrade() == null ? started : started.withNote(pass.warning());
    }

    /** Deployed and running: proven by a completed checkpoint, else given up on failure or at the deadline. */
    private static UpgradeDecision verifying(UpgradeInput in, PipelineStatus status) {
        UpgradeStatus upgrade = copy(status.upgrade);
        JobDeployment deployed = deployment(in, upgrade, true);
        Optional<FlinkJob> job = UpgradeVerification.newJob(in, upgrade, deployed, upgrade.toPlanHash);
        UpgradeVerification.startClock(upgrade, in); // set already, unless its JobManager took another job id
        if (UpgradeVerification.proven(job)) {
            return UpgradeDecision.deploy(status, upgrade.toPlanHash, deployed, null, Optional.of(upgraded(upgrade,
                    job.get())));
        }
        Optional<String> failure = UpgradeVerification.failure(in, upgrade, job);
        if (failure.isPresent()) {
            return UpgradeVerification.rollBack(in, status, upgrade, failure.get());
        }
        return UpgradeDecision.deploy(status, upgrade.toPlanHash, deployed, upgrade, Optional.empty())
                .recheckAfter(POLL);
    }

    private static Note upgraded(UpgradeStatus upgrade, FlinkJob job) {
        return new Note(UpgradeReason.of(upgrade.reason).title() + "d", "job " + job.id() + " runs plan "
                + upgrade.toPlanHash + ", started from " + describe(upgrade.restore), false);
    }

    /** The running job has to stop: with a savepoint when the mode or a suspension asks for one and it can. */
    private UpgradeDecision stop(UpgradeInput in, PipelineStatus status, UpgradeReason reason) {
        UpgradeMode mode = in.pipeline().getSpec().upgradeModeOrDefault();
        boolean savepoint = reason == UpgradeReason.SUSPEND || mode == UpgradeMode.SAVEPOINT;
        if (!savepoint) {
            String restore = mode == UpgradeMode.LAST_STATE ? JobDeployment.LATEST : null;
            return begin(in, status, reason, null, UpgradeStatus.Step.Redeploying, restore,
                    new Note(reason.title(), reason + " (upgradeMode " + modeName(mode) + "): redeploying from "
                            + describe(restore), false));
        }
        Instant notBefore = in.retries().notBefore();
        if (notBefore != null && in.now().isBefore(notBefore)) {
            return UpgradeDecision.hold(status, "The last savepoint for the " + reason + " failed; the next attempt is at "
                    + notBefore + ".", Duration.between(in.now(), notBefore));
        }
        FlinkObservation flink = in.flink();
        if (in.jobManagerAvailable() && flink.unreachable() != null) {
            return UpgradeDecision.hold(status, "Waiting for the JobManager to answer before taking a savepoint for the "
                    + reason + ": " + flink.unreachable() + ".", POLL);
        }
        Optional<FlinkJob> job = in.jobManagerAvailable() ? flink.job() : Optional.empty();
        if (job.isEmpty() || !job.get().running()) {
            String why = job.map(j -> "job " + j.id() + " is " + j.state()).orElse("no job runs");
            String restore = lastKnownState(job, status);
            return begin(in, status, reason, null, UpgradeStatus.Step.Redeploying, restore,
                    new Note(reason.title(), why + ", so no savepoint can be taken: redeploying from "
                            + describe(restore) + " instead", true));
        }
        // The request id is chosen and recorded first; the request is sent by the next step, so an operator that
        // dies in between sends the same request again instead of losing the savepoint it produced.
        UpgradeDecision started = begin(in, status, reason, job.get().id(), UpgradeStatus.Step.Stopping, null,
                new Note("SavepointRequested", "stopping job " + job.get().id() + " with a savepoint for the "
                        + reason, false));
        started.upgrade().savepointTriggerId = triggerIds.get();
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

    private UpgradeDecision stopping(UpgradeInput in, PipelineStatus status) {
        UpgradeStatus upgrade = status.upgrade;
        FlinkObservation flink = in.flink();
        FlinkObservation.StopRequest stop = flink.stop();
        if (stop.unreachable() != null) {
            return waitingToStop(status, stop.unreachable());
        }
        SavepointProgress progress = stop.progress();
        if (progress.state() == SavepointProgress.State.UNKNOWN) {
            // Flink does not know the recorded request: it was not sent yet (or not received), or the JobManager
            // forgot it. A job that still runs is asked now (again, under the same id).
            if (flink.unreachable() != null) {
                return waitingToStop(status, flink.unreachable());
            }
            Optional<FlinkJob> job = flink.job().filter(j -> j.id().equals(upgrade.jobId));
            if (job.isPresent() && job.get().running()) {
                return UpgradeDecision.sendStop(status, POLL);
            }
            progress = SavepointProgress.failed(job.map(j -> "job " + upgrade.jobId + " is " + j.state()
                    + " and its stop request is unknown to Flink").orElse("job " + upgrade.jobId + " is gone"));
        }
        return switch (progress.state()) {
            case IN_PROGRESS -> UpgradeDecision.hold(status, null, POLL);
            case COMPLETED -> {
                UpgradeStatus next = copy(upgrade);
                next.step = UpgradeStatus.Step.Redeploying;
                next.restore = progress.location();
                SavepointStatus savepoint = new SavepointStatus();
                savepoint.path = progress.location();
                savepoint.time = in.now().toString();
                savepoint.reason = upgrade.reason;
                yield UpgradeDecision.savepointTaken(status, next, savepoint, new Note("SavepointTaken",
                        "savepoint of job " + upgrade.jobId + " taken at " + progress.location(), false), STEP);
            }
            case FAILED, UNKNOWN -> {
                Duration wait = in.retries().waitAfterNextFailure();
                String why = progress.failure() == null ? "" : ": " + progress.failure();
                yield UpgradeDecision.savepointFailed(status, new Note("SavepointFailed", "the savepoint of job "
                        + upgrade.jobId + " failed" + why + "; the job keeps running and the " + upgrade.reason
                        + " is tried again in " + wait.toSeconds() + "s", true),
                        "The savepoint for the " + upgrade.reason + " failed" + why + ". The job keeps running;"
                                + " retrying in " + wait.toSeconds() + "s.", wait);
            }
        };
    }

    private static UpgradeDecision waitingToStop(PipelineStatus status, String unreachable) {
        return UpgradeDecision.hold(status, "Waiting for the JobManager to stop job " + status.upgrade.jobId
                + " with a savepoint: " + unreachable + ".", POLL);
    }

    private UpgradeDecision redeploying(UpgradeInput in, PipelineStatus status) {
        UpgradeStatus upgrade = copy(status.upgrade);
        String desiredPlanHash = in.desiredPlanHash();
        boolean wantRunning = in.pipeline().getSpec().stateOrDefault() == PipelineState.RUNNING;
        if (UpgradeReason.of(upgrade.reason) == UpgradeReason.SUSPEND && upgrade.reason != null) {
            if (wantRunning) {
                // Resumed before the suspension finished: nothing ran since the savepoint, so start from it, with
                // another plan than the savepoint's only once the gate lets it (the job's children stay meanwhile).
                UpgradeGate.Verdict gate = upgrade.previousPlanHash == null
                        || desiredPlanHash.equals(upgrade.previousPlanHash) ? new UpgradeGate.Pass(false, null)
                        : UpgradeGate.check(in.pipeline(), in.judgement());
                if (!(gate instanceof UpgradeGate.Pass pass)) {
                    return UpgradeDecision.hold(status, null, gate instanceof UpgradeGate.Wait ? JUDGE_POLL : POLL)
                            .withBlocked(gate instanceof UpgradeGate.Blocked b ? b.message() : null);
                }
                upgrade.reason = UpgradeReason.RESUME.value();
                upgrade.toPlanHash = desiredPlanHash;
                upgrade.allowNonRestoredState = pass.allowNonRestoredState()
                        || UpgradeGate.allowsStateLoss(in.pipeline()) ? Boolean.TRUE : null;
                return UpgradeDecision.deploy(status, desiredPlanHash, deployment(in, upgrade, true), upgrade,
                        Optional.empty());
            }
            return suspending(in, status, upgrade);
        }
        boolean specChanged = !desiredPlanHash.equals(upgrade.toPlanHash);
        if (wantRunning && specChanged && !in.keptPlans().contains(upgrade.toPlanHash)) {
            // The spec changed before the plan this upgrade began with was ever applied, and nothing else holds that
            // plan. Nothing ran it, so the spec's plan takes its place; until the gate lets it, the job's children
            // stay as they are.
            return newerPlan(in, status, upgrade, UpgradeDecision.hold(status, null, POLL));
        }
        boolean guarded = UpgradeVerification.guarded(upgrade);
        JobDeployment deployed = deployment(in, upgrade, true);
        if (guarded && wantRunning && deployed.jobId().equals(in.jobManagerJobId())) {
            UpgradeVerification.startClock(upgrade, in); // the JobManager Deployment carries the new job now
        }
        FlinkObservation flink = in.flink();
        if (guarded && wantRunning && upgrade.verifyDeadline != null) {
            Optional<String> failure = UpgradeVerification.failure(in, upgrade,
                    UpgradeVerification.newJob(in, upgrade, deployed, upgrade.toPlanHash));
            if (failure.isPresent()) {
                return UpgradeVerification.rollBack(in, status, upgrade, failure.get());
            }
        }
        if (flink.unreachable() != null) {
            // The new JobManager may be starting; it is not redeployed again until it answers, unless the spec changed
            // while its pod is not Ready (its REST port, which answers before any job runs, is closed): then its job
            // has not run, and the spec's plan takes its place.
            UpgradeDecision waiting = UpgradeDecision.deploy(status, upgrade.toPlanHash, deployed, upgrade,
                    Optional.empty()).recheckAfter(POLL);
            return wantRunning && specChanged && !in.jobManagerAvailable() ? newerPlan(in, status, upgrade, waiting)
                    : waiting;
        }
        Optional<FlinkJob> job = flink.job();
        if (job.isPresent() && runsTheNewDeployment(job.get(), upgrade, deployed)) {
            if (guarded && !UpgradeVerification.proven(job)) {
                upgrade.step = UpgradeStatus.Step.Verifying; // runs; holds once a checkpoint of its own completed
                return UpgradeDecision.deploy(status, upgrade.toPlanHash, deployed, upgrade, Optional.empty())
                        .recheckAfter(POLL);
            }
            // Done, with the plan it was deployed with; a spec changed meanwhile is the next upgrade, from this job.
            return UpgradeDecision.deploy(status, upgrade.toPlanHash, deployed, null, Optional.of(upgraded(upgrade,
                    job.get())));
        }
        if (!wantRunning) {
            // Suspended before the new job ran: nothing ran since the recorded state, so it is what resume uses.
            upgrade.reason = UpgradeReason.SUSPEND.value();
            return suspending(in, status, upgrade);
        }
        UpgradeDecision waiting = UpgradeDecision.deploy(status, upgrade.toPlanHash, deployed, upgrade,
                Optional.empty()).recheckAfter(POLL);
        // The new job has not run: a newer plan is deployed from the same state, once the gate lets it.
        return specChanged ? newerPlan(in, status, upgrade, waiting) : waiting;
    }

    /**
     * A suspension scales the job to zero with the plan the spec asks for, judged against the plan whose savepoint it
     * keeps; a blocked plan is not deployed, and the suspension ends with the savepoint's plan (the steady suspended
     * Pipeline then says why the spec's plan is blocked), or waits where that plan is no longer held.
     */
    private static UpgradeDecision suspending(UpgradeInput in, PipelineStatus status, UpgradeStatus upgrade) {
        String plan = in.desiredPlanHash();
        String blocked = null;
        if (upgrade.previousPlanHash != null && !plan.equals(upgrade.previousPlanHash)) {
            UpgradeGate.Verdict gate = UpgradeGate.check(in.pipeline(), in.judgement());
            if (gate instanceof UpgradeGate.Wait) {
                return UpgradeDecision.hold(status, null, JUDGE_POLL);
            }
            if (gate instanceof UpgradeGate.Blocked b) {
                if (!in.keptPlans().contains(upgrade.previousPlanHash)) {
                    return UpgradeDecision.hold(status, null, POLL).withBlocked(b.message());
                }
                plan = upgrade.previousPlanHash;
                blocked = b.message();
            }
        }
        upgrade.toPlanHash = plan;
        boolean done = in.jobManagerReplicas() != null && in.jobManagerReplicas() == 0;
        return UpgradeDecision.deploy(status, plan, deployment(in, upgrade, false), done ? null : upgrade,
                done ? Optional.of(new Note("Suspended", "suspended; it resumes from " + describe(upgrade.restore),
                        false)) : Optional.empty()).withBlocked(blocked);
    }

    /**
     * The spec's plan replaces the one being redeployed, whose job has not run, from the same state and with a new
     * verification deadline, once the gate lets it; until then {@code meanwhile}, saying why it waits.
     */
    private static UpgradeDecision newerPlan(UpgradeInput in, PipelineStatus status, UpgradeStatus upgrade,
            UpgradeDecision meanwhile) {
        UpgradeGate.Verdict gate = UpgradeGate.check(in.pipeline(), in.judgement());
        if (!(gate instanceof UpgradeGate.Pass pass)) {
            return meanwhile.recheckAfter(gate instanceof UpgradeGate.Wait ? JUDGE_POLL : POLL)
                    .withBlocked(gate instanceof UpgradeGate.Blocked b ? b.message() : null);
        }
        upgrade.toPlanHash = in.desiredPlanHash();
        upgrade.allowNonRestoredState = pass.allowNonRestoredState() ? Boolean.TRUE : null;
        upgrade.verifyDeadline = null;
        return UpgradeDecision.deploy(status, upgrade.toPlanHash, deployment(in, upgrade, true), upgrade,
                Optional.empty()).recheckAfter(POLL);
    }

    private static JobDeployment deployment(UpgradeInput in, UpgradeStatus upgrade, boolean running) {
        return new JobDeployment(upgrade.restore, running,
                JobDeployment.jobId(in.uid(), upgrade.toPlanHash, upgrade.restore, upgrade.startTime),
                Boolean.TRUE.equals(upgrade.allowNonRestoredState));
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
    private static String deployedJobId(UpgradeInput in, PipelineStatus status) {
        return status.deployedJobId != null ? status.deployedJobId
                : JobDeployment.jobId(in.uid(), status.planHash, status.restoredFrom, INITIAL);
    }

    private static UpgradeDecision begin(UpgradeInput in, PipelineStatus status, UpgradeReason reason, String jobId,
            UpgradeStatus.Step step, String restore, Note note) {
        UpgradeStatus upgrade = new UpgradeStatus();
        upgrade.reason = reason.value();
        upgrade.step = step;
        upgrade.mode = in.pipeline().getSpec().upgradeModeOrDefault();
        upgrade.toPlanHash = in.desiredPlanHash();
        upgrade.jobId = jobId;
        upgrade.restore = restore;
        upgrade.startTime = in.now().toString();
        return UpgradeDecision.begin(status, upgrade, note, step == UpgradeStatus.Step.Stopping ? POLL : STEP);
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
        to.previousPlanHash = from.previousPlanHash;
        to.allowNonRestoredState = from.allowNonRestoredState;
        to.verifyDeadline = from.verifyDeadline;
        to.failure = from.failure;
        return to;
    }

    /** The state a deployment starts from, in words. */
    public static String describe(String restore) {
        if (restore == null) {
            return "no state";
        }
        return JobDeployment.LATEST.equals(restore) ? "the newest retained checkpoint" : restore;
    }

    private static String modeName(UpgradeMode mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
