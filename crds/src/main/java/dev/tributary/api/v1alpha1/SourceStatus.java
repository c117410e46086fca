package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The observed state of a Source. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SourceStatus extends ResourceStatus {

    @JsonPropertyDescription("The Source's topic as last observed in Kafka.")
    public TopicStatus topic;

    @JsonPropertyDescription("The managed ingest endpoint, while spec.ingest.http is set.")
    public IngestStatus ingest;
}
