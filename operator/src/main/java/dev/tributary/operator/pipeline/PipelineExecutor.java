package dev.tributary.operator.pipeline;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.common.Backoff;
import dev.tributary.operator.common.DeletedOwner;
import dev.tributary.operator.common.EventRecorder;
import dev.tributary.operator.flink.FlinkJobs;
import dev.tributary.operator.flink.FlinkUnreachableException;
import dev.tributary.operator.kafka.KafkaConnections;
import dev.tributary.operator.pipeline.build.DesiredHash;
import dev.tributary.operator.pipeline.observe.PipelineObserver;
import dev.tributary.operator.pipeline.observe.PipelineSnapshot;
import dev.tributary.operator.pipeline.upgrade.SavepointRetries;
import dev.tributary.operator.pipeline.upgrade.UpgradeAction;
import dev.tributary.operator.pipeline.upgrade.UpgradeDecision;
import dev.tributary.operator.status.PipelineReason;
import dev.tributary.operator.status.StatusWrites;
import dev.tributary.operator.topic.TopicOutcome;
import dev.tributary.operator.topic.TopicReconciliation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out a {@link PipelineDecision}: the dead-letter topic, the one Flink request, the events, the children
 * applied (server-side apply, only those whose desired hash differs from the observed one) and deleted, and the
 * status written. Decides nothing itself, except to decide again when Flink refuses the request it was sent.
 */
final class PipelineExecutor {

    static final String FIELD_MANAGER = "tributary-operator";

    private final KubernetesClient client;
    private final KafkaConnections connections;
    private final FlinkJobs flink;
    private final EventRecorder events;
    private final TopicReconciliation topics;
    private final PipelineDecider decider;
    private final SavepointRetries savepointRetries;
    private final Backoff applyRetries = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    private final StatusWrites statusWrites;

    PipelineExecutor(KubernetesClient client, KafkaConnections connections, FlinkJobs flink, EventRecorder events,
            TopicReconciliation topics, PipelineDecider decider, SavepointRetries savepointRetries,
            StatusWrites statusWrites) {
        this.client = client;
        this.connections = connections;
        this.flink = flink;
        this.events = events;
        this.topics = topics;
        this.decider = decider;
        this.savepointRetries = savepointRetries;
        this.statusWrites = statusWrites;
    }

    UpdateControl<Pipeline> execute(PipelineSnapshot snapshot, PipelineDecision decision, Context<Pipeline> context) {
        Pipeline pipeline = snapshot.pipeline();
        if (decision.askAgain().isPresent()) {
            return UpdateControl.<Pipeline>noUpdate().rescheduleAfter(decision.askAgain().get());
        }
        if (!decision.deploys()) {
            return write(context, pipeline, decision);
        }
        // Decided once, before asking whether the Pipeline is still there: a child the garbage collector deletes
        // after that question (its Pipeline deleted meanwhile) must not look out of date to the apply below.
        List<HasMetadata> outdated = outdated(context, decision.children());
        if (!outdated.isEmpty() && DeletedOwner.isDeleted(client, pipeline)) {
            return UpdateControl.noUpdate();
        }
        TopicOutcome deadLetter = topics.reconcile(pipeline, decision.deadLetterTopic(), null,
                () -> connections.topicAdmin(snapshot.namespace(), null));
        if (decision.upgrade().action() instanceof UpgradeAction.StopWithSavepoint stop) {
            try {
                flink.stopWithSavepoint(pipeline, stop.jobId(), stop.triggerId());
            } catch (FlinkUnreachableException e) {
                decision = decider.decide(snapshot.withFlink(snapshot.flink().withStopRefused(stop.jobId(),
                        e.getMessage())), savepointRetries.schedule(snapshot.uid()));
                outdated = outdated(context, decision.children());
            }
        }
        savepointRetries.record(snapshot.uid(), decision.upgrade().retry(), snapshot.now());
        for (UpgradeDecision.Note note : decision.events()) {
            if (note.warning()) {
                events.warning(pipeline, note.reason(), note.message());
            } else {
                events.normal(pipeline, note.reason(), note.message());
            }
        }
        // Asked again: the topic and Flink calls above can take seconds, in which the Pipeline may have been deleted.
        if (!outdated.isEmpty() && DeletedOwner.isDeleted(client, pipeline)) {
            return UpdateControl.noUpdate();
        }
        List<String> failures = apply(pipeline, context, outdated);
        failures.addAll(delete(pipeline, decision.obsolete()));
        Duration applyRetry = failures.isEmpty() ? null : applyRetries.next(snapshot.uid());
        if (failures.isEmpty()) {
            applyRetries.reset(snapshot.uid());
        }
        return write(context, pipeline, decider.settle(decision, failures, applyRetry, deadLetter));
    }

    /** The children whose desired hash differs from the cached object's (or that are missing), each stamped. */
    private static List<HasMetadata> outdated(Context<Pipeline> context, List<HasMetadata> children) {
        List<HasMetadata> outdated = new ArrayList<>();
        for (HasMetadata desired : children) {
            String hash = DesiredHash.stamp(desired);
            if (!DesiredHash.upToDate(desired, cached(context, desired), hash)) {
                outdated.add(desired);
            }
        }
        return outdated;
    }

    private static HasMetadata cached(Context<Pipeline> context, HasMetadata desired) {
        return PipelineObserver.cached(context, desired.getClass(), desired.getMetadata().getNamespace(),
                desired.getMetadata().getName());
    }

    void forget(String uid) {
        savepointRetries.forget(uid);
        applyRetries.reset(uid);
        statusWrites.forget(uid);
    }

    private UpdateControl<Pipeline> write(Context<Pipeline> context, Pipeline pipeline, PipelineDecision decision) {
        List<Condition> conditions = List.of(decision.ready(), decision.deployed());
        return statusWrites.write(pipeline, context, decision.status(), conditions, decision.next());
    }

    /**
     * Applies the out-of-date children (stamped with their desired hash); returns what failed, as sentences. One
     * event names every child created (and one every child updated) by this call: an event is an API write, and a
     * new Pipeline's six children made six of them (bench B5).
     */
    private List<String> apply(Pipeline pipeline, Context<Pipeline> context, List<HasMetadata> outdated) {
        List<String> failures = new ArrayList<>();
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        for (HasMetadata desired : outdated) {
            HasMetadata observed = cached(context, desired);
            String what = desired.getKind() + " " + desired.getMetadata().getName();
            try {
                client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
                (observed == null ? created : updated).add(what);
            } catch (KubernetesClientException e) {
                String failure = "could not apply " + what + ": " + e.getMessage()
                        + ". Fix the spec, or the object if it was changed by hand; retrying with backoff.";
                events.warning(pipeline, PipelineReason.ApplyFailed.name(), failure);
                failures.add(failure);
            }
        }
        if (!created.isEmpty()) {
            events.normal(pipeline, "Created", "created " + String.join(", ", created));
        }
        if (!updated.isEmpty()) {
            events.normal(pipeline, "Updated", "updated " + String.join(", ", updated) + " to the spec");
        }
        return failures;
    }

    /** Deletes the children the Pipeline no longer asks for; returns what failed, as sentences. */
    private List<String> delete(Pipeline pipeline, List<HasMetadata> obsolete) {
        List<String> failures = new ArrayList<>();
        for (HasMetadata child : obsolete) {
            String what = child.getKind() + " " + child.getMetadata().getName();
            try {
                client.resource(child).delete();
                events.normal(pipeline, "Deleted", "deleted " + what + ", which the spec no longer asks for");
            } catch (KubernetesClientException e) {
                failures.add("could not delete " + what + ": " + e.getMessage() + ".");
            }
        }
        return failures;
    }
}
