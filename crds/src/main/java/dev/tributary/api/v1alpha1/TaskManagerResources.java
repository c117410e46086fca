package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Resources of each TaskManager, and how many parallel slots it offers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskManagerResources extends ProcessResources {

    @Min(1)
    @Max(64)
    @JsonPropertyDescription("Parallel slots per TaskManager; parallelism is replicas times slots. Defaults to 1,"
            + " which lets the autoscaler add capacity one slot at a time.")
    public Integer taskSlots;
}
