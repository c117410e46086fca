package dev.tributary.operator.source;

import dev.tributary.api.TopicNames;
import dev.tributary.api.v1alpha1.KafkaConnectionSpec;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.api.v1alpha1.SourceStatus;
import dev.tributary.api.v1alpha1.TopicStatus;
import dev.tributary.operator.topic.DesiredTopic;
import dev.tributary.operator.topic.TopicClaim;
import dev.tributary.operator.topic.TopicClaims;
import dev.tributary.operator.topic.TopicLifecycle;
import dev.tributary.operator.topic.TopicResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Optional;

/** A Source becomes its Kafka topic. */
@ControllerConfiguration(name = "source", triggerReconcilerOnAllEvents = true)
public class SourceReconciler implements Reconciler<Source>, TopicResource<Source, SourceStatus> {

    private final TopicLifecycle lifecycle;
    private final TopicClaims claims;

    public SourceReconciler(TopicLifecycle lifecycle, TopicClaims claims) {
        this.lifecycle = lifecycle;
        this.claims = claims;
    }

    @Override
    public UpdateControl<Source> reconcile(Source source, Context<Source> context) {
        return lifecycle.reconcile(source, context, this);
    }

    @Override
    public Optional<TopicClaim> claim(Source source) {
        return claims.claimOf(source);
    }

    @Override
    public DesiredTopic desired(Source source) {
        return DesiredTopic.of(TopicNames.of(source), source.getSpec().topic);
    }

    @Override
    public KafkaConnectionSpec connection(Source source) {
        return source.getSpec().kafkaConnection;
    }

    @Override
    public SourceStatus status(Source source, TopicStatus topic) {
        SourceStatus status = new SourceStatus();
        status.topic = topic;
        return status;
    }

    @Override
    public TopicStatus lastKnownTopic(Source source) {
        return source.getStatus() == null ? null : source.getStatus().topic;
    }
}
