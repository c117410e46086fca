package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Where records that cannot be processed go, unchanged, with headers naming their origin and the error. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.topic) || !has(self.topic.deletionPolicy) || self.topic.deletionPolicy == 'Retain'",
        fieldPath = ".topic.deletionPolicy",
        message = "a Pipeline's dead-letter topic is kept when the Pipeline is deleted (deletionPolicy Delete is not"
                + " supported for it): set deletionPolicy to Retain, and delete the topic by hand when it is no longer"
                + " needed")
public class DeadLetterSpec {

    @JsonPropertyDescription("The dead-letter topic. Defaults to <namespace>.<pipeline>.dlq. It is kept when the"
            + " Pipeline is deleted (its deletionPolicy must be Retain).")
    public TopicSpec topic;
}
