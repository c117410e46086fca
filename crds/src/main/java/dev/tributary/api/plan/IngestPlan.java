package dev.tributary.api.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * A Source's ingest endpoint as the ingest server reads it: the Source (topic, format, schema), how to reach Kafka,
 * the Secret key with the accepted bearer tokens (none: no authentication), the TLS Secret (none: plain HTTP) and
 * the limits. Secrets are named, never carried.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestPlan(SourcePlan source, KafkaConnectionPlan kafka, SecretKeyPlan tokens, String tlsSecret,
        int maxRequestBytes, int maxRecordsPerRequest, int maxInFlightBytes) {

    /** The environment variable that carries the plan into the ingest pod (a change rolls the pods). */
    public static final String ENV = "TRIBUTARY_INGEST_PLAN";
    public static final String TLS_CERT_KEY = "tls.crt";
    public static final String TLS_KEY_KEY = "tls.key";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ingest plan always serialises", e);
        }
    }

    public static IngestPlan fromJson(String json) {
        try {
            return MAPPER.readValue(json, IngestPlan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the ingest plan is not valid (" + ENV + "): " + e.getOriginalMessage()
                    + ": run the runtime image that matches the operator", e);
        }
    }
}
