package dev.tributary.operator.topic.plan;

import java.util.Map;
import java.util.TreeMap;

/** A topic as Kafka reports it: partitions, replication factor, and the configs set on the topic itself. */
public record ObservedTopic(String name, int partitions, int replicationFactor, Map<String, String> topicConfigs) {

    public ObservedTopic {
        topicConfigs = new TreeMap<>(topicConfigs);
    }
}
