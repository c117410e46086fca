package dev.tributary.api;

import dev.tributary.api.v1alpha1.DeadLetterSpec;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.api.v1alpha1.TopicSpec;

/** The Kafka topic each resource uses: the declared name, or {@code <namespace>.<name>} by default. */
public final class TopicNames {

    private TopicNames() {
    }

    public static String of(Source source) {
        return orDefault(source.getSpec().topic, source.getMetadata().getNamespace(), source.getMetadata().getName());
    }

    /** The topic of a Kafka sink. */
    public static String of(Sink sink) {
        return orDefault(sink.getSpec().kafka.topic, sink.getMetadata().getNamespace(), sink.getMetadata().getName());
    }

    public static String deadLetterOf(Pipeline pipeline) {
        DeadLetterSpec deadLetter = pipeline.getSpec().deadLetter;
        return orDefault(deadLetter == null ? null : deadLetter.topic, pipeline.getMetadata().getNamespace(),
                pipeline.getMetadata().getName() + ".dlq");
    }

    private static String orDefault(TopicSpec topic, String namespace, String name) {
        return topic != null && topic.name != null ? topic.name : namespace + "." + name;
    }
}
