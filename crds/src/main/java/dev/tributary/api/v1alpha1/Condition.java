package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** One observation about a resource, following the Kubernetes condition conventions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    @Required
    @JsonPropertyDescription("Type of the condition, for example Ready. Ready is always present.")
    public String type;

    @Required
    @JsonPropertyDescription("Status of the condition: True, False or Unknown.")
    public String status;

    @JsonPropertyDescription("Machine-readable CamelCase reason for the last transition, for example TopicReady or KafkaUnavailable.")
    public String reason;

    @JsonPropertyDescription("A sentence a person can act on: what is wrong and what to do about it.")
    public String message;

    @JsonPropertyDescription("The metadata.generation this condition was computed from.")
    public Long observedGeneration;

    @JsonPropertyDescription("When status last changed (RFC 3339). Unchanged while only reason or message change.")
    public String lastTransitionTime;

    public Condition() {
    }

    public Condition(String type, String status, String reason, String message) {
        this.type = type;
        this.status = status;
        this.reason = reason;
        this.message = message;
    }

    @JsonIgnore
    public boolean isTrue() {
        return TRUE.equals(status);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Condition other)) {
            return false;
        }
        return Objects.equals(type, other.type) && Objects.equals(status, other.status)
                && Objects.equals(reason, other.reason) && Objects.equals(message, other.message)
                && Objects.equals(observedGeneration, other.observedGeneration)
                && Objects.equals(lastTransitionTime, other.lastTransitionTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, reason, message, observedGeneration, lastTransitionTime);
    }

    @Override
    public String toString() {
        return type + "=" + status + " (" + reason + "): " + message;
    }
}
