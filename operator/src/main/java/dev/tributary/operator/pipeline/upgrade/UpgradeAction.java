package dev.tributary.operator.pipeline.upgrade;

import dev.tributary.operator.pipeline.build.JobDeployment;

/** The one thing a reconcile does to the job: deploy it as given, ask Flink to stop it with a savepoint, or hold. */
public sealed interface UpgradeAction {

    /** The running job must not be disturbed yet: its children stay as they are. */
    record Hold() implements UpgradeAction {
    }

    /** Apply the JobManager (with the plan ConfigMap and TaskManagers) for this deployment. */
    record Deploy(JobDeployment job) implements UpgradeAction {
    }

    /** Send the stop-with-savepoint request recorded in the status, under its recorded id. */
    record StopWithSavepoint(String jobId, String triggerId) implements UpgradeAction {
    }
}
