package dev.tributary.api.plan;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The event-time column, how late records may be, and when a quiet partition stops holding back the watermark. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventTimePlan(String field, long watermarkDelayMs, Long idleTimeoutMs) {
}
