package dev.tributary.api.plan;

/** One key of a Secret, mounted for the runtime at {@code <secrets dir>/<secretName>/<key>}. */
public record SecretKeyPlan(String secretName, String key) {
}
