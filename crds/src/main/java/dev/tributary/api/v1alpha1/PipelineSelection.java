package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Which Pipelines a Dashboard shows: by name or by label selector, not both. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.names) != has(self.selector)",
        message = "name the pipelines either by names or by selector: set exactly one")
public class PipelineSelection {

    @Size(min = 1, max = 100)
    @ValidationRule(value = PipelineSpec.UNIQUE_RULE, message = "each Pipeline may be listed once")
    @JsonPropertyDescription("Names of Pipelines in this namespace.")
    public List<@Size(min = 1, max = 253) @Pattern(ApiPatterns.OBJECT_NAME) String> names;

    @JsonPropertyDescription("Labels selecting Pipelines in this namespace.")
    public Selector selector;
}
