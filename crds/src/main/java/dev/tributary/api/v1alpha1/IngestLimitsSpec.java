package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Bounds of an ingest endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.maxRequestBytes) || self.maxRequestBytes <= (has(self.maxInFlightBytes)"
        + " ? self.maxInFlightBytes : 67108864)", fieldPath = ".maxRequestBytes", message = IngestLimitsSpec.REQUEST_OVER_BUDGET)
public class IngestLimitsSpec {

    public static final String REQUEST_OVER_BUDGET = "maxRequestBytes must not exceed maxInFlightBytes (64 MiB when"
            + " unset): a request larger than what the pod may hold could never be accepted";

    public static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_RECORDS_PER_REQUEST = 10_000;
    public static final int DEFAULT_MAX_IN_FLIGHT_BYTES = 64 * 1024 * 1024;

    @Min(1024)
    @Max(64 * 1024 * 1024)
    @JsonPropertyDescription("Largest request body (and WebSocket message) in bytes; a larger one gets 413."
            + " Defaults to 1048576 (1 MiB).")
    public Integer maxRequestBytes;

    @Min(1)
    @Max(100_000)
    @JsonPropertyDescription("Most records in one request; more gets 413. Defaults to 10000.")
    public Integer maxRecordsPerRequest;

    @Min(1024 * 1024)
    @Max(1024 * 1024 * 1024)
    @JsonPropertyDescription("Bytes of request bodies one pod holds at once, read or waiting for Kafka; beyond it a"
            + " request gets 429 with Retry-After. Defaults to 67108864 (64 MiB); size the pod's memory above it.")
    public Integer maxInFlightBytes;

    public static int maxRequestBytes(IngestLimitsSpec limits) {
        return limits == null || limits.maxRequestBytes == null ? DEFAULT_MAX_REQUEST_BYTES : limits.maxRequestBytes;
    }

    public static int maxRecordsPerRequest(IngestLimitsSpec limits) {
        return limits == null || limits.maxRecordsPerRequest == null ? DEFAULT_MAX_RECORDS_PER_REQUEST
                : limits.maxRecordsPerRequest;
    }

    public static int maxInFlightBytes(IngestLimitsSpec limits) {
        return limits == null || limits.maxInFlightBytes == null ? DEFAULT_MAX_IN_FLIGHT_BYTES : limits.maxInFlightBytes;
    }
}
