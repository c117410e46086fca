package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kinds of destination a Sink can have. */
public enum SinkType {
    @JsonProperty("kafka")
    KAFKA,
    @JsonProperty("jdbc")
    JDBC,
    @JsonProperty("filesystem")
    FILESYSTEM,
    @JsonProperty("webhook")
    WEBHOOK
}
