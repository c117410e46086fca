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
@ValidationRule(value = "self.kind != 'lookup' || has(self.lookup)", fieldPath = ".lookup",
        message = "kind lookup needs lookup: {source, field}, the generated field whose values it takes")
@ValidationRule(value = "!has(self.lookup) || self.kind == 'lookup'", fieldPath = ".lookup",
        message = "lookup goes with kind lookup: set kind to lookup or remove lookup")
@ValidationRule(value = "!has(self.per) || self.kind == 'random' || self.kind == 'oneOf' || self.kind == 'uuid'",
        fieldPath = ".per", message = "per draws one value for each value of another field: use it with kind random,"
                + " oneOf or uuid")
@ValidationRule(value = "!has(self.per) || self.per != self.name", fieldPath = ".per",
        message = "per must name another field, not the field itself")
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
        UUID,
        @JsonProperty("lookup")
        LOOKUP
    }

    @Required
    @Size(min = 1, max = 128)
    @Pattern(ApiPatterns.COLUMN_NAME)
    @JsonPropertyDescription("The schema field this entry fills.")
    public String name;

    @Required
    @JsonPropertyDescription("sequence counts up from min; random draws between min and max (with cents for DECIMAL,"
            + " fractions for DOUBLE and FLOAT); oneOf picks from values; eventTime is the generation time (sped up by"
            + " the generator's timeScale) minus a random delay up to its outOfOrder; uuid is random; lookup takes values"
            + " another Source's generator gives one of its fields (see lookup). A nested column (ARRAY, MAP,"
            + " MULTISET, ROW) takes random: values that fit its type.")
    public Kind kind;

    @JsonPropertyDescription("Lower bound for sequence and random (a STRING field gets the number as text, e.g. an id).")
    public Long min;

    @JsonPropertyDescription("Upper bound for sequence and random. A sequence wraps around after max.")
    public Long max;

    @Size(max = 1000)
    @JsonPropertyDescription("The values oneOf picks from, uniformly.")
    public List<@Size(max = 1024) String> values;

    @Size(min = 1, max = 128)
    @Pattern(ApiPatterns.COLUMN_NAME)
    @JsonPropertyDescription("Draw this field's value once for each value of the named field of the same record, and"
            + " repeat it whenever that value comes again: one category per device_id. With kind random, oneOf or"
            + " uuid; deterministic by the run's seed.")
    public String per;

    @JsonPropertyDescription("For kind lookup: the generated field of another Source whose values this field takes,"
            + " so that records refer to records that exist (an order's customer_id from the customers Source's id)."
            + " That field's generator entry must be sequence, random or oneOf.")
    public GeneratorLookupSpec lookup;

    @Min(0)
    @Max(1)
    @JsonPropertyDescription("Fraction of records in which this field is null, from 0 to 1.")
    public Double nullRatio;
}
