package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The Flink job as last observed through its REST API. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobStatus {

    @JsonPropertyDescription("Flink job id.")
    public String id;

    @JsonPropertyDescription("Flink job state, for example RUNNING, RESTARTING or FAILED.")
    public String state;

    @JsonPropertyDescription("When the job started (RFC 3339).")
    public String startTime;

    @JsonPropertyDescription("How many times the job restarted after a failure since it started.")
    public Long restarts;

    @JsonPropertyDescription("The most recent failure Flink reported, shortened to one line.")
    public String lastError;
}
