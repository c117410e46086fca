package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** A managed HTTP endpoint that writes what it receives into the Source's topic. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpIngestSpec {

    @Min(1)
    @Max(50)
    @JsonPropertyDescription("Number of ingest pods behind the Service. Defaults to 1.")
    public Integer replicas;
}
