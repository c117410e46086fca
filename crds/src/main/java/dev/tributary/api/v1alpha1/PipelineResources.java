package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Resources of the pipeline's JobManager and TaskManagers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PipelineResources {

    @JsonPropertyDescription("The JobManager, which coordinates the job and its checkpoints.")
    public ProcessResources jobManager;

    @JsonPropertyDescription("Each TaskManager, which runs the processing.")
    public TaskManagerResources taskManager;
}
