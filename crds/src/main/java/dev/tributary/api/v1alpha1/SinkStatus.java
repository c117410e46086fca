package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The observed state of a Sink. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SinkStatus extends ResourceStatus {

    @JsonPropertyDescription("Which kind of destination this Sink has: kafka, jdbc, filesystem or webhook.")
    public SinkType type;

    @JsonPropertyDescription("For a kafka sink, its topic as last observed in Kafka.")
    public TopicStatus topic;
}
