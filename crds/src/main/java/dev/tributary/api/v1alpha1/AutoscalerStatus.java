package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The autoscaler's latest decision and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoscalerStatus {

    @JsonPropertyDescription("TaskManager count the autoscaler wants.")
    public Integer desiredReplicas;

    @JsonPropertyDescription("Why, in a sentence, for example 'lag 95s > target 30s'.")
    public String reason;

    @JsonPropertyDescription("When the TaskManager count last changed (RFC 3339).")
    public String lastScaleTime;
}
