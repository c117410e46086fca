package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a pipeline should be processing. */
public enum PipelineState {
    @JsonProperty("running")
    RUNNING,
    @JsonProperty("suspended")
    SUSPENDED
}
