package dev.tributary.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.DeletionPolicy;
import dev.tributary.api.v1alpha1.TopicSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicValidatorTest {

    @Test
    void acceptsAnOrdinaryTopic() {
        TopicSpec topic = new TopicSpec("shop.clicks");
        topic.partitions = 6;
        topic.replicationFactor = 3;
        topic.config = Map.of("min.insync.replicas", "2", "retention.ms", "604800000");
        assertThat(TopicValidator.validate("spec.topic", topic, 3)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "has space", "slash/name", "ünicode", ""})
    void rejectsIllegalNames(String name) {
        assertThat(TopicValidator.validate("spec.topic", new TopicSpec(name), null))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("spec.topic.name");
                    assertThat(p.message()).contains("not a legal Kafka topic name");
                });
    }

    @Test
    void rejectsNamesLongerThanKafkaAllows() {
        assertThat(TopicValidator.validate("spec.topic", new TopicSpec("a".repeat(250)), null)).hasSize(1);
        assertThat(TopicValidator.validate("spec.topic", new TopicSpec("a".repeat(249)), null)).isEmpty();
    }

    @Test
    void minInsyncReplicasMustLeaveRoomForABrokerOutage() {
        TopicSpec topic = new TopicSpec("t");
        topic.config = Map.of("min.insync.replicas", "3");
        assertThat(TopicValidator.validate("spec.topic", topic, 3)).singleElement()
                .satisfies(p -> assertThat(p.toString()).startsWith("spec.topic.config: min.insync.replicas 3 with"
                        + " replication factor 3"));
        assertThat(TopicValidator.validate("spec.topic", topic, 4)).isEmpty();
        topic.config = Map.of("min.insync.replicas", "1");
        assertThat(TopicValidator.validate("spec.topic", topic, 1)).as("single-broker development setup").isEmpty();
        topic.config = Map.of("min.insync.replicas", "two");
        assertThat(TopicValidator.validate("spec.topic", topic, 3)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("whole number"));
    }

    @Test
    void externalTopicsAreNeitherShapedNorDeleted() {
        TopicSpec topic = new TopicSpec("legacy.events");
        topic.external = true;
        assertThat(TopicValidator.validate("spec.topic", topic, null)).isEmpty();
        topic.partitions = 3;
        topic.deletionPolicy = DeletionPolicy.Delete;
        assertThat(TopicValidator.validate("spec.topic", topic, null)).extracting(Problem::field)
                .containsExactly("spec.topic.external", "spec.topic.deletionPolicy");
    }
}
