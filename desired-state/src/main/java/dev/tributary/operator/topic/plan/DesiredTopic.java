package dev.tributary.operator.topic.plan;

import dev.tributary.api.v1alpha1.DeletionPolicy;
import dev.tributary.api.v1alpha1.TopicSpec;
import java.util.Map;
import java.util.TreeMap;

/** A topic as a resource declares it, with Tributary's defaults filled in. */
public record DesiredTopic(String name, int partitions, Integer replicationFactor, Map<String, String> config,
        boolean external, DeletionPolicy deletionPolicy) {

    public DesiredTopic {
        config = config == null ? Map.of() : new TreeMap<>(config);
    }

    /** The topic a spec declares; {@code name} is the resolved name (the declared one or the default). */
    public static DesiredTopic of(String name, TopicSpec spec) {
        TopicSpec s = spec == null ? new TopicSpec() : spec;
        return new DesiredTopic(name, s.partitionsOrDefault(), s.replicationFactor, s.config, s.isExternal(),
                s.deletionPolicyOrDefault());
    }
}
