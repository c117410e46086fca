package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** How many parallel instances of each operator the job runs, and the bounds the autoscaler keeps to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.min) || !has(self.initial) || self.min <= self.initial", fieldPath = ".initial",
        message = "parallelism.initial must be at least parallelism.min")
@ValidationRule(value = "!has(self.max) || !has(self.initial) || self.initial <= self.max", fieldPath = ".initial",
        message = "parallelism.initial must be at most parallelism.max")
@ValidationRule(value = "!has(self.min) || !has(self.max) || self.min <= self.max", fieldPath = ".max",
        message = "parallelism.max must be at least parallelism.min")
public class ParallelismSpec {

    public static final int MAX_PARALLELISM = 1024;

    @Min(1)
    @Max(MAX_PARALLELISM)
    @JsonPropertyDescription("Parallelism to start with. Defaults to min.")
    public Integer initial;

    @Min(1)
    @Max(MAX_PARALLELISM)
    @JsonPropertyDescription("Lowest parallelism the autoscaler may choose. Defaults to 1.")
    public Integer min;

    @Min(1)
    @Max(MAX_PARALLELISM)
    @JsonPropertyDescription("Highest parallelism the autoscaler may choose. Always capped by the largest partition"
            + " count of the pipeline's sources, since more readers than partitions would idle. Defaults to that cap.")
    public Integer max;

    public ParallelismSpec() {
    }

    public ParallelismSpec(Integer initial, Integer min, Integer max) {
        this.initial = initial;
        this.min = min;
        this.max = max;
    }
}
