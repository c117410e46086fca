package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;

/** The observed state of a Pipeline. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PipelineStatus extends ResourceStatus {

    @JsonPropertyDescription("Pending, Deploying, Running, Upgrading, Suspended or Failed.")
    public PipelinePhase phase;

    @JsonPropertyDescription("Hash of the plan the running job was built from; a new hash means an upgrade.")
    public String planHash;

    @JsonPropertyDescription("The Flink job as last observed.")
    public JobStatus job;

    @JsonPropertyDescription("Current parallelism of the job.")
    public Integer parallelism;

    @StatusReplicas
    @JsonPropertyDescription("Current number of TaskManagers; the scale subresource reads it.")
    public Integer replicas;

    @LabelSelector
    @JsonPropertyDescription("Label selector of the TaskManager pods, for the scale subresource (HPA).")
    public String selector;

    @JsonPropertyDescription("Consumer lag over the pipeline's sources.")
    public LagStatus lag;

    @JsonPropertyDescription("The latest completed checkpoint.")
    public CheckpointStatus lastCheckpoint;

    @JsonPropertyDescription("The latest savepoint and why it was taken.")
    public SavepointStatus lastSavepoint;

    @JsonPropertyDescription("What the JobManager was started from: a savepoint path, latest (the newest retained"
            + " checkpoint), or empty for no state.")
    public String restoredFrom;

    @JsonPropertyDescription("The Flink job id the JobManager is deployed with, one per deployment: a JobManager that"
            + " restarts resumes this job from its own newest checkpoint instead of from restoredFrom.")
    public String deployedJobId;

    @JsonPropertyDescription("An upgrade or suspension in progress; absent when none is.")
    public UpgradeStatus upgrade;

    @JsonPropertyDescription("The autoscaler's latest decision.")
    public AutoscalerStatus autoscaler;

    @JsonPropertyDescription("The last upgrade that was rolled back: its plan is not tried again until the spec asks"
            + " for another plan.")
    public FailedUpgradeStatus failedUpgrade;
}
