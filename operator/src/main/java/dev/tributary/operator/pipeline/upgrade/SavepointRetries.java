package dev.tributary.operator.pipeline.upgrade;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's memory of failed savepoints, per Pipeline uid: retried later and later, so a broken one does not
 * churn the job. Decisions read a {@link Schedule}; the executor records what they decided.
 */
public final class SavepointRetries {

    /** When the next savepoint may be tried (null: now), and how long to wait if the next one fails too. */
    public record Schedule(Instant notBefore, Duration waitAfterNextFailure) {
    }

    /** What a decision does to the schedule. */
    public enum Effect {
        NONE, RESET, FAILED
    }

    private final Duration initial;
    private final Duration max;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();

    public SavepointRetries(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    public Schedule schedule(String uid) {
        return new Schedule(notBefore.get(uid), waitAfter(failures.getOrDefault(uid, 0) + 1));
    }

    public void record(String uid, Effect effect, Instant now) {
        switch (effect) {
            case RESET -> {
                failures.remove(uid);
                notBefore.remove(uid);
            }
            case FAILED -> notBefore.put(uid, now.plus(waitAfter(failures.merge(uid, 1, Integer::sum))));
            case NONE -> {
            }
        }
    }

    public void forget(String uid) {
        record(uid, Effect.RESET, Instant.EPOCH);
    }

    private Duration waitAfter(int failure) {
        long millis = initial.toMillis() << Math.min(failure - 1, 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
