package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Prometheus alert rules for the selected pipelines. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlertsSpec {

    @JsonPropertyDescription("true: emit a PrometheusRule with alerts on lag, checkpoint failures, dead letters and restarts.")
    public Boolean enabled;

    @Min(1)
    @Max(604800)
    @JsonPropertyDescription("Alert when a pipeline's lag exceeds this many seconds for 5 minutes. Defaults to 300.")
    public Integer lagSeconds;

    @Min(1)
    @Max(1000)
    @JsonPropertyDescription("Alert when this many checkpoints fail within 15 minutes. Defaults to 3.")
    public Integer checkpointFailures;

    @Min(0)
    @JsonPropertyDescription("Alert when records reach the dead-letter topic faster than this per second over 5 minutes."
            + " Defaults to 0, any dead letter.")
    public Double deadLetterRatePerSecond;

    @Min(1)
    @Max(1000)
    @JsonPropertyDescription("Alert when a job restarts this many times within an hour. Defaults to 3.")
    public Integer restartsPerHour;
}
