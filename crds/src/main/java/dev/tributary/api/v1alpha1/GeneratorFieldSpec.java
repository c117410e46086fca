package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** How the generator fills one field. Fields without an entry get values that fit their type. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.kind != 'oneOf' || (has(self.values) && size(self.values) > 0)", fieldPath = ".values",
        message = "kind oneOf needs a non-empty values list")
@ValidationRule(value = "!has(self.min) || !has(self.max) || self.min <= self.max", fieldPath = ".min",
        message = "min must not exceed max")
public class GeneratorFieldSpec {

    /** The ways a generator can produce a field's values. */
    public enum Kind {
        @JsonProperty("sequence")
        SEQUENCE,
        @JsonProperty("random")
        RANDOM,
        @JsonProperty("oneOf")
        ONE_OF,
        @JsonProperty("eventTime")
        EVENT_TIME,
        @JsonProperty("uuid")
        UUID
    }

    @Required
    @Size(min = 1, max = 128)
    @Pattern(ApiPatterns.COLUMN_NAME)
    @JsonPropertyDescription("The schema field this entry fills.")
    public String name;

    @Required
    @JsonPropertyDescription("sequence counts up from min; random draws between min and max (with cents for DECIMAL,"
            + " fractions for DOUBLE and FLOAT); oneOf picks from values; eventTime is the generation time (sped up by"
            + " the generator's timeScale) minus a random delay up to its outOfOrder; uuid is random.")
    public Kind kind;

    @JsonPropertyDescription("Lower bound for sequence and random (a STRING field gets the number as text, e.g. an id).")
    public Long min;

    @JsonPropertyDescription("Upper bound for sequence and random. A sequence wraps around after max.")
    public Long max;

    @Size(max = 1000)
    @JsonPropertyDescription("The values oneOf picks from, uniformly.")
    public List<@Size(max = 1024) String> values;

    @Min(0)
    @Max(1)
    @JsonPropertyDescription("Fraction of records in which this field is null, from 0 to 1.")
    public Double nullRatio;
}
