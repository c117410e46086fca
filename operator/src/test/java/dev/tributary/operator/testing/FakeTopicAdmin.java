package dev.tributary.operator.testing;

import dev.tributary.operator.topic.admin.ConsumerLag;
import dev.tributary.operator.topic.admin.KafkaUnavailableException;
import dev.tributary.operator.topic.admin.TopicAdmin;
import dev.tributary.operator.topic.plan.DesiredTopic;
import dev.tributary.operator.topic.plan.ObservedTopic;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Kafka's topics as a map, every change recorded in {@link #changes}; {@link #unavailable} fails every request. */
public final class FakeTopicAdmin implements TopicAdmin {

    public final Map<String, ObservedTopic> topics = new ConcurrentHashMap<>();
    public final List<String> changes = new ArrayList<>();
    public volatile boolean unavailable;
    /** Thrown by every request: a failure the operator does not expect. */
    public volatile RuntimeException failure;
    public volatile ConsumerLag lag = new ConsumerLag(0, 0, 0, 0);

    @Override
    public Optional<ObservedTopic> describe(String topic) {
        check();
        return Optional.ofNullable(topics.get(topic));
    }

    @Override
    public synchronized void create(DesiredTopic topic) {
        check();
        changes.add("create " + topic.name());
        topics.put(topic.name(), new ObservedTopic(topic.name(), topic.partitions(),
                topic.replicationFactor() == null ? defaultReplicationFactor() : topic.replicationFactor(),
                new TreeMap<>(topic.config())));
    }

    @Override
    public int defaultReplicationFactor() {
        return 1;
    }

    @Override
    public synchronized void growPartitions(String topic, int totalPartitions) {
        check();
        changes.add("grow " + topic + " " + totalPartitions);
        ObservedTopic t = topics.get(topic);
        topics.put(topic, new ObservedTopic(topic, totalPartitions, t.replicationFactor(), t.topicConfigs()));
    }

    @Override
    public synchronized void alterConfigs(String topic, Map<String, String> set, Set<String> delete) {
        check();
        changes.add("alter " + topic + " " + set + " -" + delete);
        ObservedTopic t = topics.get(topic);
        Map<String, String> configs = new TreeMap<>(t.topicConfigs());
        configs.putAll(set);
        delete.forEach(configs::remove);
        topics.put(topic, new ObservedTopic(topic, t.partitions(), t.replicationFactor(), configs));
    }

    @Override
    public synchronized void delete(String topic) {
        check();
        changes.add("delete " + topic);
        topics.remove(topic);
    }

    @Override
    public ConsumerLag consumerLag(String group, Collection<String> topics) {
        check();
        return lag;
    }

    public synchronized List<String> changes() {
        return List.copyOf(changes);
    }

    private void check() {
        if (failure != null) {
            throw failure;
        }
        if (unavailable) {
            throw new KafkaUnavailableException("Kafka at kafka:9092 does not answer (fake)", null);
        }
    }
}
