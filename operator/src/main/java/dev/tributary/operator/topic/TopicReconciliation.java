package dev.tributary.operator.topic;

import dev.tributary.api.v1alpha1.DeletionPolicy;
import dev.tributary.api.v1alpha1.TopicStatus;
import dev.tributary.operator.common.Backoff;
import dev.tributary.operator.common.EventRecorder;
import dev.tributary.operator.kafka.KafkaCredentialsException;
import dev.tributary.operator.status.Conditions;
import dev.tributary.operator.topic.admin.KafkaAuthenticationException;
import dev.tributary.operator.topic.admin.KafkaUnavailableException;
import dev.tributary.operator.topic.admin.TopicAdmin;
import dev.tributary.operator.topic.admin.TopicRejectedException;
import dev.tributary.operator.topic.plan.DesiredTopic;
import dev.tributary.operator.topic.plan.ObservedTopic;
import dev.tributary.operator.topic.plan.TopicDiff;
import dev.tributary.operator.topic.plan.TopicPlan;
import dev.tributary.operator.topic.plan.TopicReason;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.Optional;

/**
 * Brings one declared topic to its shape in Kafka: observe, plan ({@link TopicDiff}), apply, observe again.
 * Touches Kafka only when the plan changes something, and reports every outcome as a Ready condition.
 */
public final class TopicReconciliation {

    private final EventRecorder events;
    private final Backoff backoff;

    public TopicReconciliation(EventRecorder events, Backoff backoff) {
        this.events = events;
        this.backoff = backoff;
    }

    public TopicOutcome reconcile(HasMetadata resource, DesiredTopic desired, TopicStatus lastKnown,
            java.util.function.Supplier<TopicAdmin> adminSupplier) {
        String key = resource.getMetadata().getUid();
        try {
            TopicAdmin admin = adminSupplier.get();
            Optional<ObservedTopic> observed = admin.describe(desired.name());
            boolean judgedOnBrokerDefault = observed.isEmpty() && desired.replicationFactor() == null
                    && desired.config().containsKey(dev.tributary.api.v1alpha1.TopicSpec.MIN_INSYNC_REPLICAS);
            TopicPlan plan = TopicDiff.between(desired, observed,
                    judgedOnBrokerDefault ? admin.defaultReplicationFactor() : null);
            if (plan.problem().isPresent()) {
                backoff.reset(key);
                TopicPlan.Problem problem = plan.problem().get();
                return new TopicOutcome(Conditions.notReady(problem.reason(), problem.message()),
                        observed.map(TopicReconciliation::status).orElse(null), Optional.empty());
            }
            if (plan.changesKafka()) {
                admin.apply(desired, plan);
                plan.describe(desired.name()).forEach(change -> events.normal(resource, "TopicChanged", change));
                observed = admin.describe(desired.name());
            }
            backoff.reset(key);
            String what = desired.external() ? "external topic " + desired.name() + " exists"
                    : "topic " + desired.name() + " matches the spec";
            return new TopicOutcome(Conditions.ready(TopicReason.TopicReady, what + "."),
                    observed.map(TopicReconciliation::status).orElse(null), Optional.empty());
        } catch (KafkaAuthenticationException e) {
            Duration retry = backoff.next(key);
            return new TopicOutcome(Conditions.notReady(TopicReason.KafkaAuthenticationFailed, e.getMessage() + "."),
                    lastKnown,
                    Optional.of(retry));
        } catch (KafkaUnavailableException e) {
            Duration retry = backoff.next(key);
            return new TopicOutcome(Conditions.notReady(TopicReason.KafkaUnavailable, e.getMessage() + ". Retrying with"
                    + " backoff; check that the brokers are running and reachable from the operator."),
                    lastKnown, Optional.of(retry));
        } catch (TopicRejectedException e) {
            backoff.reset(key);
            return new TopicOutcome(Conditions.notReady(TopicReason.KafkaError, sentence(e.getMessage())
                    + " Fix the topic"
                    + " settings in the spec."), lastKnown, Optional.empty());
        } catch (KafkaCredentialsException e) {
            Duration retry = backoff.next(key);
            return new TopicOutcome(Conditions.notReady(TopicReason.CredentialsMissing, e.getMessage()), lastKnown,
                    Optional.of(retry));
        }
    }

    /** Deletes the topic for a resource going away with deletionPolicy Delete. */
    public void deleteIfAsked(HasMetadata resource, DesiredTopic desired, TopicAdmin admin) {
        if (desired.external() || desired.deletionPolicy() != DeletionPolicy.Delete) {
            return;
        }
        admin.delete(desired.name());
        events.normal(resource, "TopicDeleted", "deleted topic " + desired.name() + " (deletionPolicy Delete)");
    }

    private static String sentence(String text) {
        String trimmed = text.strip();
        return trimmed.endsWith(".") ? trimmed : trimmed + ".";
    }

    private static TopicStatus status(ObservedTopic topic) {
        return new TopicStatus(topic.name(), topic.partitions(), topic.replicationFactor());
    }
}
