package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How often state is checkpointed, with which guarantee, and where. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.interval) || !self.interval.matches(r'" + ApiPatterns.DURATION + "')"
        + " || duration(self.interval) >= duration('1s')", fieldPath = ".interval",
        message = "checkpoints.interval must be at least 1s")
@ValidationRule(value = "!has(self.interval) || !has(self.timeout) || !self.interval.matches(r'" + ApiPatterns.DURATION + "')"
        + " || !self.timeout.matches(r'" + ApiPatterns.DURATION + "') || duration(self.timeout) >= duration(self.interval)",
        fieldPath = ".timeout", message = "checkpoints.timeout must be at least checkpoints.interval")
public class CheckpointSpec {

    public static final String DEFAULT_INTERVAL = "30s";
    public static final String DEFAULT_TIMEOUT = "5m";
    public static final String DEFAULT_VOLUME_SIZE = "1Gi";

    @Size(max = 32)
    @Pattern(ApiPatterns.DURATION)
    @JsonPropertyDescription("Time between checkpoints, at least 1s, for example 30s. Exactly-once sinks publish"
            + " results when a checkpoint completes, so this bounds their latency. Defaults to 30s.")
    public String interval;

    @Size(max = 32)
    @Pattern(ApiPatterns.DURATION)
    @JsonPropertyDescription("A checkpoint that takes longer is abandoned, for example 5m. Defaults to 5m.")
    public String timeout;

    @JsonPropertyDescription("exactly-once (default): each record affects the sinks once, even across failures;"
            + " at-least-once: lower latency, duplicates possible after a failure.")
    public DeliveryGuarantee guarantee;

    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Number of completed checkpoints kept. Defaults to 3.")
    public Integer retained;

    @JsonPropertyDescription("Where checkpoints and savepoints are kept. Defaults to a 1Gi ReadWriteOnce volume.")
    public CheckpointStorageSpec storage;

    public DeliveryGuarantee guaranteeOrDefault() {
        return guarantee == null ? DeliveryGuarantee.EXACTLY_ONCE : guarantee;
    }
}
