package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How records are encoded in a Kafka topic. */
public enum RecordFormat {
    @JsonProperty("json")
    JSON,
    @JsonProperty("avro")
    AVRO,
    @JsonProperty("csv")
    CSV,
    @JsonProperty("raw")
    RAW
}
