package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One key of a Secret in the resource's namespace. The value never leaves the Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef {

    @Required
    @Size(min = 1, max = 253)
    @Pattern(ApiPatterns.OBJECT_NAME)
    @JsonPropertyDescription("Name of a Secret in the same namespace.")
    public String name;

    @Required
    @Size(min = 1, max = 253)
    @Pattern("^[-._a-zA-Z0-9]+$")
    @JsonPropertyDescription("Key within the Secret.")
    public String key;

    public SecretKeyRef() {
    }

    public SecretKeyRef(String name, String key) {
        this.name = name;
        this.key = key;
    }
}
