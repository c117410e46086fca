package dev.tributary.api.plan;

/**
 * Where a user name and password live: two keys of a Secret. The runtime reads them from the Secret mounted at
 * {@code <secrets dir>/<secretName>/<key>}; values never appear in the plan.
 */
public record SecretCredentials(String secretName, String usernameKey, String passwordKey) {
}
