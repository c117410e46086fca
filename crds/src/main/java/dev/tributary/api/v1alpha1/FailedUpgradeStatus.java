package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An upgrade the operator rolled back: kept until the spec asks for another plan. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailedUpgradeStatus {

    @JsonPropertyDescription("Hash of the plan whose job failed; not deployed again while the spec resolves to it.")
    public String planHash;

    @JsonPropertyDescription("Why the new job was given up (Flink's error as one line, or the deadline).")
    public String message;

    @JsonPropertyDescription("When the previous plan was redeployed (RFC 3339).")
    public String time;
}
