package dev.tributary.operator.status;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.ResourceStatus;
import dev.tributary.operator.common.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One event per change of a condition: Normal when it is True, Warning otherwise. The status in the cache can lag
 * behind the one just written (a child's event reconciles again before the resource's own update arrives), so the
 * condition last recorded for the resource (by uid and condition type) counts too. A condition that is one of the
 * steps every resource passes on its way (a JobManager not up yet while it starts) is in the status and is no event,
 * as long as it is on the way: each event is an API write, and such steps were most of a new Pipeline's (bench B5),
 * all Warnings. The same step after the condition was True (a running JobManager gone) is a fall back, and an event.
 */
public final class ChangeEvents {

    /** What makes a condition a change worth an event. */
    public enum Compare {
        /** Its status, reason or message differs. */
        STATUS_REASON_MESSAGE,
        /** Its status or reason differs; a new message alone is not an event. */
        STATUS_REASON
    }

    private final EventRecorder events;
    private final Compare compare;
    private final Set<String> passingSteps;
    private final Map<String, String> recorded = new ConcurrentHashMap<>();

    public ChangeEvents(EventRecorder events, Compare compare) {
        this(events, compare, Set.of());
    }

    /**
     * @param passingSteps the conditions that are steps on the way, as {@code type/reason}: no event unless the
     *     condition of that type was True before
     */
    public ChangeEvents(EventRecorder events, Compare compare, Set<String> passingSteps) {
        this.events = events;
        this.compare = compare;
        this.passingSteps = Set.copyOf(passingSteps);
    }

    /** A condition as {@link #ChangeEvents(EventRecorder, Compare, Set)} names a passing step. */
    public static String step(String type, Enum<?> reason) {
        return type + "/" + reason.name();
    }

    /** Records {@code next} as an event unless {@code previous} (the status read) or the last event says it already. */
    public void record(HasMetadata resource, ResourceStatus previous, Condition next) {
        Optional<Condition> before = previous == null ? Optional.empty() : previous.condition(next.type);
        boolean same = before.map(c -> same(c, next)).orElse(false);
        String said = next.status + "|" + next.reason + "|" + next.message;
        String lastSaid = recorded.put(resource.getMetadata().getUid() + "/" + next.type, said);
        if (same || said.equals(lastSaid)) {
            return;
        }
        boolean wasTrue = lastSaid != null ? lastSaid.startsWith(Condition.TRUE + "|")
                : before.map(Condition::isTrue).orElse(false);
        if (passingSteps.contains(next.type + "/" + next.reason) && !wasTrue) {
            return;
        }
        if (next.isTrue()) {
            events.normal(resource, next.reason, next.message);
        } else {
            events.warning(resource, next.reason, next.message);
        }
    }

    /** Forgets what was recorded for a resource that is gone. */
    public void forget(String uid) {
        recorded.keySet().removeIf(k -> k.startsWith(uid + "/"));
    }

    private boolean same(Condition a, Condition b) {
        boolean statusAndReason = a.status.equals(b.status) && a.reason.equals(b.reason);
        return compare == Compare.STATUS_REASON ? statusAndReason : statusAndReason && a.message.equals(b.message);
    }
}
