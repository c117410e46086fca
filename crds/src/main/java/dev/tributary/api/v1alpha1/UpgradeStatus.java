package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * An upgrade or suspension in flight. It is the operator's memory across restarts: written before each step that
 * cannot be repeated safely, so a restarted operator finishes it with the same savepoint instead of taking another.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpgradeStatus {

    /** Where the upgrade is. */
    public enum Step {
        /** Stop-with-savepoint was requested from Flink; waiting for the savepoint. */
        Stopping,
        /** The job's state is safe (savepoint recorded, or not needed); the JobManager is being redeployed. */
        Redeploying,
        /** The new job was deployed; it has until verifyDeadline to run and complete a checkpoint. */
        Verifying,
        /** The new job failed (or ran out of time): the previous plan is redeployed from the same state. */
        RollingBack
    }

    @JsonPropertyDescription("upgrade (the plan changed), suspend (state became suspended) or resume.")
    public String reason;

    @JsonPropertyDescription("Stopping (waiting for Flink's savepoint) or Redeploying (JobManager restarting from"
            + " the recorded state).")
    public Step step;

    @JsonPropertyDescription("The upgrade mode in force when the upgrade started.")
    public UpgradeMode mode;

    @JsonPropertyDescription("Hash of the plan being deployed.")
    public String toPlanHash;

    @JsonPropertyDescription("The Flink job being stopped.")
    public String jobId;

    @JsonPropertyDescription("Flink's id of the stop-with-savepoint request, to ask for its result.")
    public String savepointTriggerId;

    @JsonPropertyDescription("What the redeployed JobManager starts from: a savepoint path, latest (the newest retained"
            + " checkpoint), or empty for no state.")
    public String restore;

    @JsonPropertyDescription("When the upgrade started (RFC 3339).")
    public String startTime;

    @JsonPropertyDescription("Hash of the plan that ran before the upgrade: what a rollback redeploys (the plan"
            + " ConfigMap keeps it under its previous key).")
    public String previousPlanHash;

    @JsonPropertyDescription("The new job starts allowing state no operator claims (upgrade.allowStateLoss).")
    public Boolean allowNonRestoredState;

    @JsonPropertyDescription("Verifying: by when the new job must run and have completed a checkpoint (RFC 3339).")
    public String verifyDeadline;

    @JsonPropertyDescription("RollingBack: why the new job was given up, as one line.")
    public String failure;
}
