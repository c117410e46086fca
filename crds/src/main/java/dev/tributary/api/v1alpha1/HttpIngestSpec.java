package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** A managed HTTP endpoint that writes what it receives into the Source's topic. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpIngestSpec {

    public static final int DEFAULT_REPLICAS = 1;

    @Min(1)
    @Max(50)
    @JsonPropertyDescription("Number of ingest pods behind the Service. Defaults to 1.")
    public Integer replicas;

    @JsonPropertyDescription("Bearer tokens the endpoint accepts. Without auth, any client that reaches the Service"
            + " may write.")
    public IngestAuthSpec auth;

    @JsonPropertyDescription("Serve HTTPS with a certificate from a Secret (type kubernetes.io/tls). Without it, plain"
            + " HTTP inside the cluster.")
    public IngestTlsSpec tls;

    @JsonPropertyDescription("Bounds on what one request and the whole pod hold in memory.")
    public IngestLimitsSpec limits;

    public int replicasOrDefault() {
        return replicas == null ? DEFAULT_REPLICAS : replicas;
    }
}
