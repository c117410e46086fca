package dev.tributary.operator.sink;

import dev.tributary.api.TopicNames;
import dev.tributary.api.v1alpha1.KafkaConnectionSpec;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.SinkStatus;
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

/** A Kafka Sink becomes its Kafka topic; other sinks only report their type. */
@ControllerConfiguration(name = "sink", triggerReconcilerOnAllEvents = true)
public class SinkReconciler implements Reconciler<Sink>, TopicResource<Sink, SinkStatus> {

    private final TopicLifecycle lifecycle;
    private final TopicClaims claims;

    public SinkReconciler(TopicLifecycle lifecycle, TopicClaims claims) {
        this.lifecycle = lifecycle;
        this.claims = claims;
    }

    @Override
    public UpdateControl<Sink> reconcile(Sink sink, Context<Sink> context) {
        return lifecycle.reconcile(sink, context, this);
    }

    @Override
    public Optional<TopicClaim> claim(Sink sink) {
        return claims.claimOf(sink);
    }

    @Override
    public DesiredTopic desired(Sink sink) {
        return DesiredTopic.of(TopicNames.of(sink), sink.getSpec().kafka.topic);
    }

    @Override
    public KafkaConnectionSpec connection(Sink sink) {
        return sink.getSpec().kafkaConnection;
    }

    @Override
    public SinkStatus status(Sink sink, TopicStatus topic) {
        SinkStatus status = new SinkStatus();
        status.type = sink.getSpec().type();
        status.topic = topic;
        return status;
    }

    @Override
    public TopicStatus lastKnownTopic(Sink sink) {
        return sink.getStatus() == null ? null : sink.getStatus().topic;
    }
}
