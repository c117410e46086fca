package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Scaling TaskManagers on consumer lag. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoscalingSpec {

    public static final int DEFAULT_TARGET_LAG_SECONDS = 30;
    public static final String DEFAULT_SCALE_DOWN_DELAY = "10m";

    @JsonPropertyDescription("true: Tributary scales TaskManagers between parallelism.min and max on consumer lag."
            + " false (default): replicas follow spec.replicas, which HPA or KEDA may drive through the scale subresource.")
    public Boolean enabled;

    @Min(1)
    @Max(86400)
    @JsonPropertyDescription("The lag, in seconds of processing, accepted before paying a restart for more"
            + " TaskManagers: above it the autoscaler scales up, sized to drain the backlog within the operator's"
            + " catch-up time (10m by default, never less than this), unless it drains sooner than a restart would."
            + " Defaults to 30.")
    public Integer targetLagSeconds;

    @Size(max = 32)
    @Pattern(ApiPatterns.DURATION)
    @JsonPropertyDescription("A scale-down must carry all the input of this much recent time: the smaller count,"
            + " with 10% headroom, covers the average input rate over it and the rate now, and it must have been"
            + " observed in full (after an operator restart, again). After a scale-down had to be undone within the"
            + " reversal window (1h by default), the peak rate of that window counts instead. For example 10m."
            + " Defaults to 10m.")
    public String scaleDownDelay;

    public boolean isEnabled() {
        return Boolean.TRUE.equals(enabled);
    }
}
