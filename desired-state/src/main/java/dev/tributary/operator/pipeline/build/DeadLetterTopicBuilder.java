package dev.tributary.operator.pipeline.build;

import dev.tributary.api.TopicNames;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.topic.plan.DesiredTopic;

/** The dead-letter topic of a Pipeline, as declared in {@code spec.deadLetter.topic} or by default. */
public final class DeadLetterTopicBuilder {

    private DeadLetterTopicBuilder() {
    }

    public static DesiredTopic build(Pipeline pipeline) {
        var deadLetter = pipeline.getSpec().deadLetter;
        return DesiredTopic.of(TopicNames.deadLetterOf(pipeline), deadLetter == null ? null : deadLetter.topic);
    }
}
