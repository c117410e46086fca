package dev.tributary.api.v1alpha1;

/** Where a pipeline is in its life. */
public enum PipelinePhase {
    Pending,
    Deploying,
    Running,
    Upgrading,
    Suspended,
    Failed
}
