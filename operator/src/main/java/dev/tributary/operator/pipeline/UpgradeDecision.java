package dev.tributary.operator.pipeline;

import dev.tributary.api.v1alpha1.SavepointStatus;
import dev.tributary.api.v1alpha1.UpgradeStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * What one reconcile does about the Pipeline's job, and what it records.
 *
 * @param deploy the JobManager to apply (with the plan ConfigMap and TaskManagers); empty holds them as they are,
 *     because the running job must not be disturbed yet
 * @param planHash the plan the deployed JobManager runs ({@code status.planHash})
 * @param restoredFrom what the deployed JobManager starts from ({@code status.restoredFrom})
 * @param upgrade the upgrade in flight afterwards, or null
 * @param savepoint the latest savepoint ({@code status.lastSavepoint}), or null
 * @param note what happened, for an event (reason, message); empty when nothing did
 * @param problem why the upgrade cannot go on (Ready=False message), or null
 * @param recheck when to look again, sooner than the resync period; empty: at the resync period
 */
public record UpgradeDecision(Optional<JobDeployment> deploy, String planHash, String restoredFrom,
        UpgradeStatus upgrade, SavepointStatus savepoint, Optional<Note> note, String problem,
        Optional<Duration> recheck) {

    /** Something worth an event. */
    public record Note(String reason, String message, boolean warning) {
    }
}
