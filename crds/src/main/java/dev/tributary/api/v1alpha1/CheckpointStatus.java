package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The latest completed checkpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckpointStatus {

    @JsonPropertyDescription("Flink checkpoint id.")
    public Long id;

    @JsonPropertyDescription("When it completed (RFC 3339).")
    public String time;

    @JsonPropertyDescription("Where it is stored.")
    public String path;
}
