package dev.tributary.operator.pipeline.upgrade;

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
 */
public record UpgradeDecision(UpgradeAction action, String planHash, String restoredFrom, UpgradeStatus upgrade,
        SavepointStatus savepoint, Optional<Note> note, String problem, Optional<Duration> recheck,
        SavepointRetries.Effect retry) {

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

    /** The same decision, looked at again after {@code recheck}. */
    UpgradeDecision recheckAfter(Duration recheck) {
        return new UpgradeDecision(action, planHash, restoredFrom, upgrade, savepoint, note, null,
                Optional.of(recheck), retry);
    }
}
