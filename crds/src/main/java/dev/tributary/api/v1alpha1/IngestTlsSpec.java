package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** HTTPS for an ingest endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngestTlsSpec {

    @Required
    @Size(min = 1, max = 253)
    @Pattern(ApiPatterns.OBJECT_NAME)
    @JsonPropertyDescription("Name of a Secret in the same namespace with keys tls.crt (PEM certificate chain) and"
            + " tls.key (PEM private key), as cert-manager and kubectl create secret tls make them.")
    public String secretName;
}
