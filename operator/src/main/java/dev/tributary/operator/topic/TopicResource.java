package dev.tributary.operator.topic;

import dev.tributary.api.v1alpha1.KafkaConnectionSpec;
import dev.tributary.api.v1alpha1.ResourceStatus;
import dev.tributary.api.v1alpha1.TopicStatus;
import dev.tributary.operator.topic.plan.DesiredTopic;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.Optional;

/** How a kind of resource declares its topic, for {@link TopicLifecycle}. */
public interface TopicResource<R extends CustomResource<?, S>, S extends ResourceStatus> {

    /** The resource's claim on a topic; empty when it has none (a Sink that is not a Kafka sink). */
    Optional<TopicClaim> claim(R resource);

    DesiredTopic desired(R resource);

    KafkaConnectionSpec connection(R resource);

    /** A new status (conditions are filled in by the caller) with the topic as observed (null when unknown). */
    S status(R resource, TopicStatus topic);

    default TopicStatus lastKnownTopic(R resource) {
        return null;
    }
}
