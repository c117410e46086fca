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
    @JsonPropertyDescription("Scale so the backlog drains within this many seconds. Defaults to 30.")
    public Integer targetLagSeconds;

    @Size(max = 32)
    @Pattern(ApiPatterns.DURATION)
    @JsonPropertyDescription("Scale down only after load stayed low this long, for example 10m. Defaults to 10m.")
    public String scaleDownDelay;

    public boolean isEnabled() {
        return Boolean.TRUE.equals(enabled);
    }
}
