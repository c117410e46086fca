package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The autoscaler's latest decision and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoscalerStatus {

    @JsonPropertyDescription("TaskManager count the autoscaler wants.")
    public Integer desiredReplicas;

    @JsonPropertyDescription("Why, in a sentence with the figures, for example 'lag 95 s > target 30 s at 41,000"
            + " rec/s in; 3 TaskManagers drain it in 24 s'.")
    public String reason;

    @JsonPropertyDescription("When the TaskManager count last changed (RFC 3339).")
    public String lastScaleTime;

    public static final String UP = "Up";
    public static final String DOWN = "Down";

    @JsonPropertyDescription("Which way the TaskManager count last changed: Up or Down. A scale-up within the reversal"
            + " window (1h by default) of a scale-down is a flap, also after an operator restart.")
    public String lastScaleDirection;

    @JsonPropertyDescription("Set when a scale-down was undone within the reversal window (a flap; RFC 3339): from then"
            + " on a scale-down must carry the peak input of a whole reversal window, until one stands that long;"
            + " then it is cleared. Kept here so a restarted operator keeps the guard.")
    public String reversalGuardSince;
}
