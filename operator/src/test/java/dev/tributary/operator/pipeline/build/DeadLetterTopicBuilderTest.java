package dev.tributary.operator.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.PipelineFixtures;
import dev.tributary.operator.topic.plan.DesiredTopic;
import org.junit.jupiter.api.Test;

/** The dead-letter topic every Pipeline gets. */
class DeadLetterTopicBuilderTest {

    @Test
    void byDefaultItIsNamedAfterThePipeline() {
        DesiredTopic topic = DeadLetterTopicBuilder.build(PipelineFixtures.pipeline());
        assertThat(topic.name()).isEqualTo("shop.sessionize.dlq");
        assertThat(topic.external()).isFalse();
    }

    @Test
    void aDeclaredTopicIsTakenAsDeclared() {
        Pipeline pipeline = PipelineFixtures.pipeline(PipelineFixtures.SESSIONIZE
                + "  deadLetter: {topic: {name: shop.bad-clicks, partitions: 3}}\n");
        DesiredTopic topic = DeadLetterTopicBuilder.build(pipeline);
        assertThat(topic.name()).isEqualTo("shop.bad-clicks");
        assertThat(topic.partitions()).isEqualTo(3);
    }
}
