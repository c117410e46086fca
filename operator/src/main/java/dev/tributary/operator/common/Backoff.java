package dev.tributary.operator.common;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Exponential backoff per resource: 1s, 2s, 4s ... up to a cap, reset after a success. */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    public Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** The delay before the next attempt for {@code key}, counting this failure. */
    public Duration next(String key) {
        int attempt = attempts.merge(key, 1, Integer::sum);
        long millis = initial.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    public void reset(String key) {
        attempts.remove(key);
    }
}
