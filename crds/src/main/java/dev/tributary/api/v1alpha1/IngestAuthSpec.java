package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Bearer-token authentication of an ingest endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngestAuthSpec {

    @Required
    @JsonPropertyDescription("Secret key holding the accepted tokens, one per line (several lines let you rotate a"
            + " token without downtime). A request must send Authorization: Bearer <token>.")
    public SecretKeyRef secretRef;
}
