package dev.tributary.operator.topic;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.DeletionPolicy;
import dev.tributary.api.v1alpha1.ResourceStatus;
import dev.tributary.operator.common.Backoff;
import dev.tributary.operator.common.EventRecorder;
import dev.tributary.operator.kafka.KafkaConnections;
import dev.tributary.operator.kafka.KafkaCredentialsException;
import dev.tributary.operator.status.ChangeEvents;
import dev.tributary.operator.status.Conditions;
import dev.tributary.operator.status.InternalErrors;
import dev.tributary.operator.status.StatusWrites;
import dev.tributary.operator.topic.admin.KafkaUnavailableException;
import dev.tributary.operator.topic.admin.TopicRejectedException;
import dev.tributary.operator.topic.plan.DesiredTopic;
import dev.tributary.operator.topic.plan.TopicReason;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The whole life of a resource that owns a Kafka topic (Sources, Kafka Sinks): the deletion owed with
 * deletionPolicy Delete, recorded in the {@link TopicLedger} (no finalizer); ownership when two resources name one
 * topic; the topic itself;
 * and a status written only when it changed. Reconciles again every resync period to put back changes made
 * in Kafka behind the operator's back.
 */
@ApplicationScoped
public class TopicLifecycle {

    /** Set by earlier versions on resources with deletionPolicy Delete; now only removed (see TopicLedger). */
    public static final String FINALIZER = "tributary.dev/delete-topic";

    private final KubernetesClient client;
    private final KafkaConnections connections;
    private final TopicClaims claims;
    private final TopicLedger ledger;
    private final EventRecorder events;
    private final TopicReconciliation topics;
    private final Duration resync;
    private final Duration deletionTimeout;
    private final Clock clock;
    private final StatusWrites statusWrites;

    public TopicLifecycle(KubernetesClient client, KafkaConnections connections, TopicClaims claims,
            TopicLedger ledger, EventRecorder events, Clock clock,
            @ConfigProperty(name = "tributary.resync-period", defaultValue = "2m") Duration resync,
            @ConfigProperty(name = "tributary.topic-deletion-timeout", defaultValue = "5m") Duration deletionTimeout) {
        this.client = client;
        this.connections = connections;
        this.claims = claims;
        this.ledger = ledger;
        this.events = events;
        this.topics = new TopicReconciliation(events, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60)));
        this.resync = resync;
        this.deletionTimeout = deletionTimeout;
        this.clock = clock;
        this.statusWrites = new StatusWrites(new ChangeEvents(events, ChangeEvents.Compare.STATUS_REASON_MESSAGE),
                clock, StatusWrites.Write.PATCH);
    }

    public <R extends CustomResource<?, S>, S extends ResourceStatus> UpdateControl<R> reconcile(R resource,
            Context<R> context, TopicResource<R, S> kind) {
        if (context.isPrimaryResourceDeleted()) {
            statusWrites.forget(resource.getMetadata().getUid());
            return UpdateControl.noUpdate();
        }
        if (resource.isMarkedForDeletion()) {
            return UpdateControl.noUpdate(); // OwedTopicDeletions deletes the topic (TopicFinalizer an old finalizer)
        }
        Optional<TopicClaim> claim = kind.claim(resource);
        Optional<Condition> unrecorded = recordOwedDeletion(resource, kind, claim);
        if (unrecorded.isPresent()) {
            return writeStatus(resource, context, kind.status(resource, null), unrecorded.get(),
                    Optional.of(Duration.ofSeconds(10)));
        }
        syncFinalizer(resource, false); // earlier versions kept deletionPolicy Delete with a finalizer
        if (claim.isEmpty()) {
            return writeStatus(resource, context, kind.status(resource, null), Conditions.ready(TopicReason.Accepted,
                    "Nothing to create in Kafka for this resource."), Optional.empty());
        }
        TopicClaim owner = claims.owner(claim.get());
        if (!owner.uid().equals(claim.get().uid())) {
            Condition conflict = Conditions.notReady(TopicReason.ResourceConflict, "topic "
                    + claim.get().topic() + " is already claimed by " + owner.describe() + ", which is older:"
                    + " give this resource another topic name, or delete one of the two");
            return writeStatus(resource, context, kind.status(resource, null), conflict, Optional.empty());
        }
        TopicOutcome outcome = topics.reconcile(resource, kind.desired(resource), kind.lastKnownTopic(resource),
                () -> connections.topicAdmin(resource.getMetadata().getNamespace(), kind.connection(resource)));
        return writeStatus(resource, context, kind.status(resource, outcome.topic()), outcome.ready(), outcome.retryAfter());
    }

    /**
     * Writes to the {@link TopicLedger}, before the topic is created, that an owned topic with deletionPolicy Delete
     * is to be deleted with this resource, or forgets that when it no longer is. Empty when recorded; else the reason.
     */
    private <R extends CustomResource<?, S>, S extends ResourceStatus> Optional<Condition> recordOwedDeletion(
            R resource, TopicResource<R, S> kind, Optional<TopicClaim> claim) {
        String uid = resource.getMetadata().getUid();
        Optional<TopicClaim> owed = claim.filter(c -> wantsDeletion(kind.desired(resource)))
                .filter(c -> claims.owner(c).uid().equals(c.uid()));
        try {
            if (owed.isPresent()) {
                ledger.owe(new OwedDeletion(uid, resource.getKind(), resource.getMetadata().getNamespace(),
                        resource.getMetadata().getName(), owed.get().cluster(), owed.get().topic(),
                        kind.connection(resource)));
            } else {
                ledger.forget(uid);
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(Conditions.notReady(TopicReason.TopicLedgerUnavailable, e.getMessage() + "; the topic is created or"
                    + " changed once its deletion (deletionPolicy Delete) is recorded"));
        }
    }

    private <R extends CustomResource<?, S>, S extends ResourceStatus> UpdateControl<R> writeStatus(R resource,
            Context<R> context, S status, Condition ready, Optional<Duration> retryAfter) {
        return statusWrites.write(resource, context, status, List.of(ready), retryAfter.orElse(resync));
    }

    /**
     * An unexpected failure: Ready=False with reason InternalError and what failed, instead of a status that goes on
     * saying what the last successful reconcile saw. The rest of the status stays; the SDK retries.
     */
    public <R extends CustomResource<?, S>, S extends ResourceStatus> ErrorStatusUpdateControl<R> updateErrorStatus(
            R resource, Context<R> context, TopicResource<R, S> kind, Exception e) {
        S status = InternalErrors.keep(resource.getStatus(), kind.status(resource, null));
        return InternalErrors.control(statusWrites.write(resource, context, status,
                List.of(Conditions.notReady(TopicReason.InternalError, InternalErrors.message(e))), resync));
    }

    private static boolean wantsDeletion(DesiredTopic desired) {
        return !desired.external() && desired.deletionPolicy() == DeletionPolicy.Delete;
    }

    /**
     * Runs the topic-deletion finalizer of a resource being deleted: deletes its topic when it owns it and asked
     * for that, then removes the finalizer. Returns when to try again, or empty when done.
     */
    public <R extends CustomResource<?, S>, S extends ResourceStatus> Optional<Duration> finalizeDeletion(R resource,
            TopicResource<R, S> kind) {
        if (!resource.hasFinalizer(FINALIZER)) {
            return Optional.empty();
        }
        Optional<TopicClaim> claim = kind.claim(resource);
        boolean owner = claim.map(c -> claims.owner(c).uid().equals(c.uid())).orElse(false);
        try {
            if (owner) {
                topics.deleteIfAsked(resource, kind.desired(resource),
                        connections.topicAdmin(resource.getMetadata().getNamespace(), kind.connection(resource)));
            }
        } catch (KafkaUnavailableException | TopicRejectedException | KafkaCredentialsException e) {
            if (!givingUp(resource)) {
                events.warning(resource, "TopicDeletionFailed", e.getMessage() + "; retrying");
                return Optional.of(Duration.ofSeconds(5));
            }
            events.warning(resource, "TopicNotDeleted", "gave up deleting topic " + kind.desired(resource).name()
                    + " so the deletion is not blocked (" + e.getMessage() + "): delete it in Kafka by hand if it"
                    + " should go");
        }
        syncFinalizer(resource, false);
        return Optional.empty();
    }

    /** Never hold a deletion forever: give up when the namespace is going away or after the timeout. */
    private boolean givingUp(CustomResource<?, ?> resource) {
        Instant since = Instant.parse(resource.getMetadata().getDeletionTimestamp());
        if (clock.instant().isAfter(since.plus(deletionTimeout))) {
            return true;
        }
        Namespace namespace = client.namespaces().withName(resource.getMetadata().getNamespace()).get();
        return namespace == null || namespace.getMetadata().getDeletionTimestamp() != null;
    }

    /** Adds or removes the topic-deletion finalizer on the latest version of the resource, leaving others alone. */
    @SuppressWarnings("unchecked")
    private <R extends CustomResource<?, ?>> void syncFinalizer(R resource, boolean wanted) {
        if (resource.hasFinalizer(FINALIZER) == wanted) {
            return;
        }
        R updated = client.resources((Class<R>) resource.getClass()).inNamespace(resource.getMetadata().getNamespace())
                .withName(resource.getMetadata().getName()).edit(r -> {
                    List<String> finalizers = new ArrayList<>(r.getMetadata().getFinalizers());
                    finalizers.remove(FINALIZER);
                    if (wanted) {
                        finalizers.add(FINALIZER);
                    }
                    r.getMetadata().setFinalizers(finalizers);
                    return r;
                });
        resource.getMetadata().setFinalizers(updated == null ? List.of() : updated.getMetadata().getFinalizers());
    }
}
