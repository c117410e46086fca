package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Another Source's generated field, whose values a generator field takes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GeneratorLookupSpec {

    @Required
    @Size(min = 1, max = 253)
    @Pattern(ApiPatterns.OBJECT_NAME)
    @JsonPropertyDescription("The Source, in the same namespace, whose generator fills the field.")
    public String source;

    @Required
    @Size(min = 1, max = 128)
    @Pattern(ApiPatterns.COLUMN_NAME)
    @JsonPropertyDescription("The field of that Source, with a generator entry of kind sequence, random or oneOf.")
    public String field;
}
