package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a pipeline promises about each record reaching its sinks across failures. */
public enum DeliveryGuarantee {
    @JsonProperty("exactly-once")
    EXACTLY_ONCE,
    @JsonProperty("at-least-once")
    AT_LEAST_ONCE
}
