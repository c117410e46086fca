package dev.tributary.operator.status;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.ResourceStatus;
import dev.tributary.operator.common.Statuses;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The one way a status is written, for every kind: the conditions merged into the previous ones (a transition time
 * moves only when a status flips), one event per change, the observed generation, and no write at all when the
 * status says what it said. The write carries a fresh object with only name and namespace, so it cannot conflict
 * with a concurrent change of metadata or spec.
 */
public final class StatusWrites {

    /** How the status reaches the API server. */
    public enum Write {
        /** A status patch returned to the SDK. */
        PATCH,
        /**
         * A server-side apply of the status, put into the SDK's cache at once: for a status that is the memory of a
         * protocol (the upgrade), which the next reconcile must see even before the informer does.
         */
        APPLY_AND_CACHE
    }

    private final ChangeEvents events;
    private final Clock clock;
    private final Write write;

    public StatusWrites(ChangeEvents events, Clock clock, Write write) {
        this.events = events;
        this.clock = clock;
        this.write = write;
    }

    /**
     * Writes {@code status} with {@code conditions} merged in, in that order, unless nothing changed.
     *
     * @param status the new status, whose own conditions (if any) are merged after {@code conditions}
     * @param next when to reconcile again
     */
    public <R extends CustomResource<?, S>, S extends ResourceStatus> UpdateControl<R> write(R resource,
            Context<R> context, S status, List<Condition> conditions, Duration next) {
        long generation = resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
        S previous = resource.getStatus();
        List<Condition> extra = status.conditions == null ? List.of() : status.conditions;
        List<Condition> merged = previous == null ? List.of() : previous.conditions;
        Instant now = clock.instant();
        for (Condition condition : conditions) {
            merged = Conditions.with(merged, condition, generation, now);
        }
        for (Condition condition : extra) {
            merged = Conditions.with(merged, condition, generation, now);
            events.record(resource, previous, condition);
        }
        for (Condition condition : conditions) {
            events.record(resource, previous, condition);
        }
        status.observedGeneration = generation;
        status.conditions = merged;
        if (previous != null && Statuses.same(previous, status)) {
            return UpdateControl.<R>noUpdate().rescheduleAfter(next);
        }
        R fresh = statusOnly(resource, status);
        if (write == Write.APPLY_AND_CACHE) {
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(resource, fresh, context);
            return UpdateControl.<R>noUpdate().rescheduleAfter(next);
        }
        return UpdateControl.patchStatus(fresh).rescheduleAfter(next);
    }

    public void forget(String uid) {
        events.forget(uid);
    }

    /** The status on a fresh object carrying only name and namespace. */
    @SuppressWarnings("unchecked")
    public static <R extends CustomResource<?, S>, S> R statusOnly(R resource, S status) {
        try {
            R fresh = (R) resource.getClass().getDeclaredConstructor().newInstance();
            fresh.setMetadata(new ObjectMetaBuilder().withName(resource.getMetadata().getName())
                    .withNamespace(resource.getMetadata().getNamespace()).build());
            fresh.setStatus(status);
            return fresh;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("resource classes have a public no-argument constructor", e);
        }
    }
}
