package dev.tributary.operator.topic.plan;

import dev.tributary.api.TopicNames;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;

/** The topic a Source or a Kafka Sink declares, as the operator manages it and {@code tributary render} shows it. */
public final class DeclaredTopics {

    private DeclaredTopics() {
    }

    public static DesiredTopic of(Source source) {
        return DesiredTopic.of(TopicNames.of(source), source.getSpec().topic);
    }

    public static DesiredTopic of(Sink sink) {
        return DesiredTopic.of(TopicNames.of(sink), sink.getSpec().kafka.topic);
    }
}
