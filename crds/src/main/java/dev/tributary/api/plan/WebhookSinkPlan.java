package dev.tributary.api.plan;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A webhook sink: one POST per record, with retries and an optional Authorization header from a Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookSinkPlan(String url, SecretKeyPlan authorization, int maxRetries, long timeoutMs) {
}
