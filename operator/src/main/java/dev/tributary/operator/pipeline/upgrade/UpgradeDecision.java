package dev.tributary.operator.pipeline.upgrade;

import dev.tributary.api.v1alpha1.FailedUpgradeStatus;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.api.v1alpha1.SavepointStatus;
import dev.tributary.api.v1alpha1.UpgradeStatus;
import dev.tributary.operator.pipeline.build.JobDeployment;
import java.time.Duration;
import java.util.Optional;

/**
 * What one reconcile does about the Pipeline's job, and what it records. Made by the named factories below.
 *
 * @param action deploy the job, send the recorded stop request, or hold the job's children as they are
 * @param planHash the plan the deployed JobManager runs ({@code status.planHash})
 * @param restoredFrom what the deployed JobManager starts from ({@code status.restoredFrom})
 * @param upgrade the upgrade in flight afterwards, or null
 * @param savepoint the latest savepoint ({@code status.lastSavepoint}), or null
 * @param note what happened, for an event (reason, message); empty when nothing did
 * @param problem why the upgrade cannot go on (Ready=False message), or null
 * @param recheck when to look again, sooner than the resync period; empty: at the resync period
 * @param retry what this decision does to the schedule of savepoint retries
 * @param problemReason the Ready reason of {@code problem}: {@code UpgradeBlocked} (null) or {@code UpgradeFailed}
 * @param blocked why the gate keeps the running job (the {@code UpgradeBlocked} condition), or null; Ready stays
 *     as the running job is
 * @param failedUpgrade the upgrade that was rolled back and is not tried again while the spec asks for its plan
 */
public record UpgradeDecision(UpgradeAction action, String planHash, String restoredFrom, UpgradeStatus upgrade,
        SavepointStatus savepoint, Optional<Note> note, String problem, Optional<Duration> recheck,
        SavepointRetries.Effect retry, String problemReason, String blocked, FailedUpgradeStatus failedUpgrade) {

    public static final String UPGRADE_FAILED = "UpgradeFailed";

    UpgradeDecision(UpgradeAction action, String planHash, String restoredFrom, UpgradeStatus upgrade,
            SavepointStatus savepoint, Optional<Note> note, String problem, Optional<Duration> recheck,
            SavepointRetries.Effect retry) {
        this(action, planHash, restoredFrom, upgrade, savepoint, note, problem, recheck, retry, null, null, null);
    }

    /** Something worth an event. */
    public record Note(String reason, String message, boolean warning) {
    }

    /** The JobManager to apply (with the plan ConfigMap and TaskManagers); empty while the job is held. */
    public Optional<JobDeployment> deploy() {
        return action instanceof UpgradeAction.Deploy d ? Optional.of(d.job()) : Optional.empty();
    }

    /** Deploys {@code job}, recording the plan it runs. */
    static UpgradeDecision deploy(PipelineStatus status, String planHash, JobDeployment job, UpgradeStatus upgrade,
            Optional<Note> note) {
        return new UpgradeDecision(new UpgradeAction.Deploy(job), planHash, job.restore(), upgrade,
                status.lastSavepoint, note, null, Optional.empty(), SavepointRetries.Effect.NONE);
    }

    /** An upgrade recorded before anything acts on it; the next reconcile takes its first step. */
    static UpgradeDecision begin(PipelineStatus status, UpgradeStatus upgrade, Note note, Duration recheck) {
        return new UpgradeDecision(new UpgradeAction.Hold(), status.planHash, status.restoredFrom, upgrade,
                status.lastSavepoint, Optional.of(note), null, Optional.of(recheck), SavepointRetries.Effect.NONE);
    }

    /** Everything stays as recorded; {@code problem} (or null) says why the upgrade cannot go on. */
    static UpgradeDecision hold(PipelineStatus status, String problem, Duration recheck) {
        return new UpgradeDecision(new UpgradeAction.Hold(), status.planHash, status.restoredFrom, status.upgrade,
                status.lastSavepoint, Optional.empty(), problem, Optional.of(recheck), SavepointRetries.Effect.NONE);
    }

    /** Sends the recorded stop request (again, under its recorded id) and looks again soon. */
    static UpgradeDecision sendStop(PipelineStatus status, Duration recheck) {
        UpgradeStatus upgrade = status.upgrade;
        return new UpgradeDecision(new UpgradeAction.StopWithSavepoint(upgrade.jobId, upgrade.savepointTriggerId),
                status.planHash, status.restoredFrom, upgrade, status.lastSavepoint, Optional.empty(), null,
                Optional.of(recheck), SavepointRetries.Effect.NONE);
    }

    /** The savepoint is recorded first: the JobManager is redeployed from it on the next reconcile, not this one. */
    static UpgradeDecision savepointTaken(PipelineStatus status, UpgradeStatus redeploying, SavepointStatus savepoint,
            Note note, Duration recheck) {
        return new UpgradeDecision(new UpgradeAction.Hold(), status.planHash, status.restoredFrom, redeploying,
                savepoint, Optional.of(note), null, Optional.of(recheck), SavepointRetries.Effect.RESET);
    }

    /** The upgrade is dropped; the job keeps running and the next attempt waits {@code wait}. */
    static UpgradeDecision savepointFailed(PipelineStatus status, Note note, String problem, Duration wait) {
        return new UpgradeDecision(new UpgradeAction.Hold(), status.planHash, status.restoredFrom, null,
                status.lastSavepoint, Optional.of(note), problem, Optional.of(wait), SavepointRetries.Effect.FAILED);
    }

    /** The running job stays as it is: the gate blocked the upgrade ({@code why}) or the judge is still at work. */
    static UpgradeDecision gated(PipelineStatus status, String why, Duration recheck) {
        return new UpgradeDecision(new UpgradeAction.Hold(), status.planHash, status.restoredFrom, null,
                status.lastSavepoint, Optional.empty(), null, Optional.of(recheck), SavepointRetries.Effect.NONE, null,
                why, null);
    }

    /** The running job (the previous plan) stays; the spec still asks for the plan that was rolled back. */
    static UpgradeDecision failedBefore(PipelineStatus status, Duration recheck) {
        FailedUpgradeStatus failed = status.failedUpgrade;
        return new UpgradeDecision(new UpgradeAction.Hold(), status.planHash, status.restoredFrom, null,
                status.lastSavepoint, Optional.empty(), failedMessage(failed), Optional.of(recheck),
                SavepointRetries.Effect.NONE, UPGRADE_FAILED, null, failed);
    }

    private static String failedMessage(FailedUpgradeStatus failed) {
        return "The upgrade to plan " + failed.planHash + " was rolled back: " + failed.message + ". The previous"
                + " plan runs again from the same state; change the spec to try another upgrade.";
    }

    /** The previous plan runs again: the upgrade is over, and remembered as failed. */
    static UpgradeDecision rolledBack(PipelineStatus status, String previousPlanHash, JobDeployment job,
            FailedUpgradeStatus failed, Note note) {
        return new UpgradeDecision(new UpgradeAction.Deploy(job), previousPlanHash, job.restore(), null,
                status.lastSavepoint, Optional.of(note), failedMessage(failed), Optional.empty(),
                SavepointRetries.Effect.NONE, UPGRADE_FAILED, null, failed);
    }

    /** The same decision with a note added (replacing none). */
    UpgradeDecision withNote(Note added) {
        return new UpgradeDecision(action, planHash, restoredFrom, upgrade, savepoint, Optional.of(added), problem,
                recheck, retry, problemReason, blocked, failedUpgrade);
    }

    /** The same decision remembering {@code failed} (the decisions above set it where it changes). */
    UpgradeDecision withFailedUpgrade(FailedUpgradeStatus failed) {
        return new UpgradeDecision(action, planHash, restoredFrom, upgrade, savepoint, note, problem, recheck, retry,
                problemReason, blocked, failed);
    }

    /** The same decision, saying why the gate keeps the plan the spec asks for from being deployed. */
    UpgradeDecision withBlocked(String why) {
        return new UpgradeDecision(action, planHash, restoredFrom, upgrade, savepoint, note, problem, recheck, retry,
                problemReason, why, failedUpgrade);
    }

    /** The same decision, looked at again after {@code recheck}. */
    UpgradeDecision recheckAfter(Duration recheck) {
        return new UpgradeDecision(action, planHash, restoredFrom, upgrade, savepoint, note, null,
                Optional.of(recheck), retry, problemReason, blocked, failedUpgrade);
    }
}
