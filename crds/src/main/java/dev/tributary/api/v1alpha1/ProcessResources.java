package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** CPU and memory of one Flink process; the memory also sizes Flink's own memory pools. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProcessResources {

    @Size(max = 32)
    @Pattern(ApiPatterns.QUANTITY)
    @JsonPropertyDescription("CPU request and limit, for example 500m or 2. Defaults to 1.")
    public String cpu;

    @Size(max = 32)
    @Pattern(ApiPatterns.QUANTITY)
    @JsonPropertyDescription("Memory request and limit, for example 2Gi; Flink's process size is set to it. Defaults to 1Gi.")
    public String memory;
}
