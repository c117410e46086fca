package dev.tributary.operator.sink;

import dev.tributary.api.v1alpha1.KafkaConnectionSpec;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.SinkStatus;
import dev.tributary.api.v1alpha1.TopicStatus;
import dev.tributary.operator.topic.TopicClaim;
import dev.tributary.operator.topic.TopicClaims;
import dev.tributary.operator.topic.TopicResource;
import dev.tributary.operator.topic.plan.DeclaredTopics;
import dev.tributary.operator.topic.plan.DesiredTopic;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** How a Sink declares its topic: only Kafka sinks have one. */
@ApplicationScoped
public class SinkTopics implements TopicResource<Sink, SinkStatus> {

    private final TopicClaims claims;

    public SinkTopics(TopicClaims claims) {
        this.claims = claims;
    }

    @Override
    public Optional<TopicClaim> claim(Sink sink) {
        return claims.claimOf(sink);
    }

    @Override
    public DesiredTopic desired(Sink sink) {
        return DeclaredTopics.of(sink);
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
