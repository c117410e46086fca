package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One step of a burst: how many records, and how they differ from the generator's usual ones. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.minRecords) || !has(self.maxRecords) || self.minRecords <= self.maxRecords",
        fieldPath = ".minRecords", message = "minRecords must not exceed maxRecords")
public class GeneratorBurstStepSpec {

    @Min(1)
    @Max(100000)
    @JsonPropertyDescription("The fewest records this step produces. Default 1.")
    public Integer minRecords;

    @Min(1)
    @Max(100000)
    @JsonPropertyDescription("The most records this step produces; the count is drawn uniformly. Default"
            + " minRecords.")
    public Integer maxRecords;

    @Size(max = 32)
    @Pattern(ApiPatterns.DURATION)
    @JsonPropertyDescription("This step's records arrive this much later than their event time says, on top of the"
            + " generator's outOfOrder, for example 2m: late data, such as readings buffered while a device was"
            + " offline. Unset: on time.")
    public String delay;

    @Size(max = 64)
    @JsonPropertyDescription("How this step fills particular fields instead of the generator's fields, for example"
            + " a higher temperature range; the others are generated as usual.")
    public List<GeneratorFieldSpec> fields;

    public int minRecordsOrDefault() {
        return minRecords == null ? 1 : minRecords;
    }

    public int maxRecordsOrDefault() {
        return Math.max(minRecordsOrDefault(), maxRecords == null ? minRecordsOrDefault() : maxRecords);
    }
}
