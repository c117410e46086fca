package dev.tributary.operator.topic.admin;

import dev.tributary.operator.topic.plan.DesiredTopic;
import dev.tributary.operator.topic.plan.ObservedTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** {@link TopicAdmin} over Kafka's Admin client. */
public final class KafkaTopicAdmin implements TopicAdmin {

    private final Admin admin;
    private final TopicCreationBatcher creations;
    private final String cluster;
    private final Duration timeout;

    public KafkaTopicAdmin(Admin admin, String cluster, Duration timeout) {
        this(admin, new TopicCreationBatcher(admin), cluster, timeout);
    }

    /** @param creations shared by every user of {@code admin}, so their topics go to Kafka together */
    public KafkaTopicAdmin(Admin admin, TopicCreationBatcher creations, String cluster, Duration timeout) {
        this.admin = admin;
        this.creations = creations;
        this.cluster = cluster;
        this.timeout = timeout;
    }

    @Override
    public Optional<ObservedTopic> describe(String topic) {
        TopicDescription description;
        try {
            description = await(admin.describeTopics(List.of(topic)).topicNameValues().get(topic), "describe topic " + topic);
        } catch (TopicRejectedException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Map<String, String> topicConfigs = await(admin.describeConfigs(List.of(resource)).values().get(resource),
                "describe configs of topic " + topic).entries().stream()
                .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
        return Optional.of(new ObservedTopic(topic, description.partitions().size(),
                description.partitions().get(0).replicas().size(), topicConfigs));
    }

    @Override
    public void create(DesiredTopic topic) {
        NewTopic newTopic = new NewTopic(topic.name(), Optional.of(topic.partitions()),
                Optional.ofNullable(topic.replicationFactor()).map(Integer::shortValue)).configs(topic.config());
        try {
            await(creations.create(newTopic), "create topic " + topic.name());
        } catch (TopicRejectedException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    @Override
    public int defaultReplicationFactor() {
        String broker = String.valueOf(await(admin.describeCluster().nodes(), "list the brokers").iterator().next().id());
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
        ConfigEntry entry = await(admin.describeConfigs(List.of(resource)).values().get(resource),
                "describe the configs of broker " + broker).get("default.replication.factor");
        return entry == null ? 1 : Integer.parseInt(entry.value());
    }

    @Override
    public void growPartitions(String topic, int totalPartitions) {
        await(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(totalPartitions))).all(),
                "grow topic " + topic + " to " + totalPartitions + " partitions");
    }

    @Override
    public void alterConfigs(String topic, Map<String, String> set, Set<String> delete) {
        List<AlterConfigOp> ops = new ArrayList<>();
        set.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        delete.forEach(k -> ops.add(new AlterConfigOp(new ConfigEntry(k, null), AlterConfigOp.OpType.DELETE)));
        await(admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), ops)).all(),
                "change configs of topic " + topic);
    }

    @Override
    public void delete(String topic) {
        try {
            await(admin.deleteTopics(List.of(topic)).all(), "delete topic " + topic);
        } catch (TopicRejectedException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
        }
    }

    @Override
    public ConsumerLag consumerLag(String group, Collection<String> topics) {
        Map<String, TopicDescription> described = await(admin.describeTopics(topics).allTopicNames(),
                "describe topics " + topics);
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p ->
                ends.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> endOffsets = await(
                admin.listOffsets(ends).all(), "list the end offsets of " + topics);
        Map<TopicPartition, OffsetAndMetadata> committed = await(
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                "list the offsets consumer group " + group + " committed");
        long behind = 0;
        long position = 0;
        int withoutCommit = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : endOffsets.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            if (done == null) {
                withoutCommit++;
                continue;
            }
            behind += Math.max(0, end.getValue().offset() - done.offset());
            position += done.offset();
        }
        return new ConsumerLag(behind, position, endOffsets.size(), withoutCommit);
    }

    private <T> T await(Future<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(false); // a topic not created yet is not asked for once nobody waits for the answer
            throw new KafkaUnavailableException("Kafka at " + cluster + " did not answer within "
                    + timeout.toSeconds() + "s when asked to " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while asking Kafka to " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AuthenticationException authentication) {
                throw KafkaAuthenticationException.of(cluster, authentication, what);
            }
            if (cause instanceof UnknownTopicOrPartitionException || cause instanceof TopicExistsException) {
                throw new TopicRejectedException("Kafka refused to " + what + ": " + cause.getMessage(), cause);
            }
            if (cause instanceof RetriableException || cause instanceof org.apache.kafka.common.errors.TimeoutException
                    || !(cause instanceof ApiException)) {
                throw new KafkaUnavailableException("Kafka at " + cluster + " could not " + what + ": "
                        + cause.getMessage(), cause);
            }
            throw new TopicRejectedException("Kafka refused to " + what + ": " + cause.getMessage(), cause);
        }
    }
}
