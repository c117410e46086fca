package dev.tributary.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.local.KafkaBroker;
import dev.tributary.operator.topic.admin.ConsumerLag;
import dev.tributary.operator.topic.admin.KafkaTopicAdmin;
import dev.tributary.operator.topic.admin.TopicAdmin;
import dev.tributary.operator.topic.admin.TopicRejectedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link KafkaTopicAdmin#consumerLag} against a real KRaft broker, checked with a consumer's own view. */
class ConsumerLagIT {

    private static KafkaBroker broker;
    private static Admin admin;
    private static TopicAdmin topics;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(Files.createTempDirectory("consumer-lag"));
        admin = broker.admin();
        topics = new KafkaTopicAdmin(admin, broker.bootstrapServers(), Duration.ofSeconds(20));
        admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1), new NewTopic("payments", 2, (short) 1),
                new NewTopic("empty", 2, (short) 1))).all().get();
        produce("orders", 3, 300);
        produce("payments", 2, 50);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aGroupThatNeverCommittedIsNotLag() {
        ConsumerLag lag = topics.consumerLag("never-committed", List.of("orders", "payments"));
        assertThat(lag.known()).isFalse();
        assertThat(lag.partitions()).isEqualTo(5);
        assertThat(lag.partitionsWithoutCommit()).isEqualTo(5);
    }

    @Test
    void recordsBehindEqualWhatAConsumerOfTheGroupSees() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        commits.put(new TopicPartition("orders", 0), new OffsetAndMetadata(17));
        commits.put(new TopicPartition("orders", 1), new OffsetAndMetadata(0));
        commits.put(new TopicPartition("orders", 2), new OffsetAndMetadata(40));
        commits.put(new TopicPartition("payments", 0), new OffsetAndMetadata(5));
        admin.alterConsumerGroupOffsets("half-way", commits).all().get();

        ConsumerLag lag = topics.consumerLag("half-way", List.of("orders", "payments"));

        long expectedBehind = 0;
        long expectedPosition = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("half-way")) {
            Set<TopicPartition> partitions = Set.of(new TopicPartition("orders", 0), new TopicPartition("orders", 1),
                    new TopicPartition("orders", 2), new TopicPartition("payments", 0),
                    new TopicPartition("payments", 1));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata done = committed.get(partition);
                if (done != null) {
                    expectedBehind += ends.get(partition) - done.offset();
                    expectedPosition += done.offset();
                }
            }
        }
        assertThat(lag.known()).isTrue();
        // orders: 83 + 100 + 60 behind; payments: 20 behind on partition 0, nothing committed on partition 1
        assertThat(lag.records()).isEqualTo(expectedBehind).isEqualTo(263);
        assertThat(lag.committedPosition()).isEqualTo(expectedPosition).isEqualTo(62);
        assertThat(lag.partitionsWithoutCommit()).isEqualTo(1);
    }

    @Test
    void anEmptyTopicIsZeroBehindOnceCommitted() throws Exception {
        admin.alterConsumerGroupOffsets("empty-reader", Map.of(new TopicPartition("empty", 0),
                new OffsetAndMetadata(0), new TopicPartition("empty", 1), new OffsetAndMetadata(0))).all().get();
        ConsumerLag lag = topics.consumerLag("empty-reader", List.of("empty"));
        assertThat(lag.known()).isTrue();
        assertThat(lag.records()).isZero();
    }

    @Test
    void aMissingTopicIsRefusedNotCrashed() {
        assertThatThrownBy(() -> topics.consumerLag("g", List.of("no-such-topic")))
                .isInstanceOf(TopicRejectedException.class).hasMessageContaining("no-such-topic");
    }

    /** {@code count} records spread evenly over {@code partitions}. */
    private static void produce(String topic, int partitions, int count) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, "key-" + i, "{\"id\":" + i + "}")).get();
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }
}
