package dev.tributary.operator.status;

import dev.tributary.api.v1alpha1.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Condition bookkeeping by the Kubernetes conventions: a condition's lastTransitionTime changes only when its
 * status flips, so writing the same observation twice changes nothing (and triggers nothing).
 */
public final class Conditions {

    private Conditions() {
    }

    /**
     * The conditions with {@code next} put in place of the one of its type, keeping the old transition time if the
     * status did not change.
     */
    public static List<Condition> with(List<Condition> current, Condition next, long generation, Instant now) {
        List<Condition> result = new ArrayList<>();
        boolean replaced = false;
        for (Condition c : current == null ? List.<Condition>of() : current) {
            if (c.type.equals(next.type)) {
                result.add(merged(c, next, generation, now));
                replaced = true;
            } else {
                result.add(c);
            }
        }
        if (!replaced) {
            result.add(merged(null, next, generation, now));
        }
        return result;
    }

    private static Condition merged(Condition previous, Condition next, long generation, Instant now) {
        Condition c = new Condition(next.type, next.status, next.reason, next.message);
        c.observedGeneration = generation;
        c.lastTransitionTime = previous != null && previous.status.equals(next.status) && previous.lastTransitionTime != null
                ? previous.lastTransitionTime
                : now.truncatedTo(ChronoUnit.SECONDS).toString();
        return c;
    }

    public static Condition ready(Enum<?> reason, String message) {
        return ready(reason.name(), message);
    }

    public static Condition notReady(Enum<?> reason, String message) {
        return notReady(reason.name(), message);
    }

    /** A condition of another type than Ready. */
    public static Condition of(String type, boolean status, Enum<?> reason, String message) {
        return new Condition(type, status ? Condition.TRUE : Condition.FALSE, reason.name(), message);
    }

    public static Condition ready(String reason, String message) {
        return new Condition("Ready", Condition.TRUE, reason, message);
    }

    public static Condition notReady(String reason, String message) {
        return new Condition("Ready", Condition.FALSE, reason, message);
    }
}
