package dev.tributary.operator.status;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.ResourceStatus;
import dev.tributary.operator.common.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One event per change of a condition: Normal when it is True, Warning otherwise. The status in the cache can lag
 * behind the one just written (a child's event reconciles again before the resource's own update arrives), so the
 * condition last recorded for the resource (by uid and condition type) counts too. A condition whose reason is one of
 * the steps every resource passes on its way (a JobManager not up yet while it starts) is in the status and is no
 * event: each event is an API write, and such steps were most of a new Pipeline's (bench B5), all Warnings.
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
    private final Set<String> passingReasons;
    private final Map<String, String> recorded = new ConcurrentHashMap<>();

    public ChangeEvents(EventRecorder events, Compare compare) {
        this(events, compare, Set.of());
    }

    /** @param passingReasons the reasons of conditions that are steps on the way, recorded as no event */
    public ChangeEvents(EventRecorder events, Compare compare, Set<String> passingReasons) {
        this.events = events;
        this.compare = compare;
        this.passingReasons = Set.copyOf(passingReasons);
    }

    /** Records {@code next} as an event unless {@code previous} (the status read) or the last event says it already. */
    public void record(HasMetadata resource, ResourceStatus previous, Condition next) {
        boolean same = previous != null && previous.condition(next.type).map(c -> same(c, next)).orElse(false);
        String said = next.status + "|" + next.reason + "|" + next.message;
        if (same || said.equals(recorded.put(resource.getMetadata().getUid() + "/" + next.type, said))
                || passingReasons.contains(next.reason)) {
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
