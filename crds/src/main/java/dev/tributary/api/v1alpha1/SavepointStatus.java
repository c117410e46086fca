package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The latest savepoint Tributary took. A path once recorded here is never dropped before a job restored from it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SavepointStatus {

    @JsonPropertyDescription("Where the savepoint is stored.")
    public String path;

    @JsonPropertyDescription("When it completed (RFC 3339).")
    public String time;

    @JsonPropertyDescription("Why it was taken: upgrade or suspend.")
    public String reason;
}
