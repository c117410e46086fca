package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where records that cannot be processed go, unchanged, with headers naming their origin and the error. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeadLetterSpec {

    @JsonPropertyDescription("The dead-letter topic. Defaults to <namespace>.<pipeline>.dlq.")
    public TopicSpec topic;
}
