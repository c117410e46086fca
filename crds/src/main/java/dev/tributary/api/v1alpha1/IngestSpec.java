package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Managed entry points that accept records from outside Kafka. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngestSpec {

    @JsonPropertyDescription("Accept records by HTTP POST (JSON lines) and WebSocket, through a Deployment and Service.")
    public HttpIngestSpec http;
}
