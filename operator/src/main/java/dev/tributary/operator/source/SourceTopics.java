package dev.tributary.operator.source;

import dev.tributary.api.v1alpha1.KafkaConnectionSpec;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.api.v1alpha1.SourceStatus;
import dev.tributary.api.v1alpha1.TopicStatus;
import dev.tributary.operator.source.build.IngestChildren;
import dev.tributary.operator.topic.TopicClaim;
import dev.tributary.operator.topic.TopicClaims;
import dev.tributary.operator.topic.TopicResource;
import dev.tributary.operator.topic.plan.DeclaredTopics;
import dev.tributary.operator.topic.plan.DesiredTopic;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** How a Source declares its topic. */
@ApplicationScoped
public class SourceTopics implements TopicResource<Source, SourceStatus> {

    private final TopicClaims claims;

    public SourceTopics(TopicClaims claims) {
        this.claims = claims;
    }

    @Override
    public Optional<TopicClaim> claim(Source source) {
        return claims.claimOf(source);
    }

    @Override
    public DesiredTopic desired(Source source) {
        return DeclaredTopics.of(source);
    }

    @Override
    public KafkaConnectionSpec connection(Source source) {
        return source.getSpec().kafkaConnection;
    }

    @Override
    public SourceStatus status(Source source, TopicStatus topic) {
        SourceStatus status = new SourceStatus();
        status.topic = topic;
        status.ingest = IngestChildren.status(source);
        return status;
    }

    @Override
    public TopicStatus lastKnownTopic(Source source) {
        return source.getStatus() == null ? null : source.getStatus().topic;
    }
}
