package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * A run of consecutive records that share one key value and follow a pattern, step by step: a user's session, a
 * machine running hot, a card being tested. Bursts make the interesting cases of a demo occur often.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GeneratorBurstSpec {

    @Required
    @Size(min = 1, max = 128)
    @Pattern(ApiPatterns.COLUMN_NAME)
    @JsonPropertyDescription("The schema field whose value stays the same through the burst, for example user_id;"
            + " it is drawn once, as the generator's fields say.")
    public String key;

    @Required
    @Min(0)
    @Max(1)
    @JsonPropertyDescription("The chance, from 0 to 1, that a record starts this burst instead of being generated"
            + " on its own; 1 makes every record part of a burst.")
    public Double probability;

    @Required
    @Size(min = 1, max = 16)
    @JsonPropertyDescription("The burst's steps, in order; each produces a number of records.")
    public List<GeneratorBurstStepSpec> steps;
}
