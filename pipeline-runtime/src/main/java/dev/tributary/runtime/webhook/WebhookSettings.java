package dev.tributary.runtime.webhook;

import java.io.Serializable;
import java.time.Duration;

/** How a webhook sink posts: where, how patiently, and with which Authorization header file. */
public record WebhookSettings(String sinkName, String url, int maxRetries, Duration timeout, Duration initialBackoff,
        Duration maxBackoff, String authorizationFile) implements Serializable {

    /** The wait before retry number {@code attempt} (1-based): doubling from the initial backoff, capped. */
    public Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis();
        for (int i = 1; i < attempt && millis < maxBackoff.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
