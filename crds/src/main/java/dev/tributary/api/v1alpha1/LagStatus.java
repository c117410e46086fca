package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How far the pipeline is behind its sources. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LagStatus {

    @JsonPropertyDescription("Records written to the sources but not yet read, over all partitions.")
    public Long records;

    @JsonPropertyDescription("Estimated seconds to catch up at the current processing rate.")
    public Double seconds;
}
