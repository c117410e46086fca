package dev.tributary.cli.dev;

import dev.tributary.api.v1alpha1.SinkType;
import dev.tributary.api.v1alpha1.TopicSpec;
import dev.tributary.operator.pipeline.build.DeadLetterTopicBuilder;
import dev.tributary.operator.topic.admin.TopicAdmin;
import dev.tributary.operator.topic.plan.DeclaredTopics;
import dev.tributary.operator.topic.plan.DesiredTopic;
import dev.tributary.operator.topic.plan.ObservedTopic;
import dev.tributary.operator.topic.plan.TopicDiff;
import dev.tributary.operator.topic.plan.TopicPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The topics of a Pipeline, its Sources and its Kafka Sinks, planned by the operator's own code ({@link
 * DeclaredTopics}, {@code DeadLetterTopicBuilder}, {@link TopicDiff}) and applied to the single
 * local broker, where the replication factor and {@code min.insync.replicas} can be at most 1.
 */
final class LocalTopics {

    private static final int LOCAL_BROKERS = 1;

    private LocalTopics() {
    }

    /** Every topic the operator would manage for these resources, as declared. */
    static List<DesiredTopic> declared(DevResources resources) {
        List<DesiredTopic> topics = new ArrayList<>();
        resources.sources().values().forEach(s -> topics.add(DeclaredTopics.of(s)));
        resources.sinks().values().stream().filter(s -> s.getSpec().type() == SinkType.KAFKA)
                .forEach(s -> topics.add(DeclaredTopics.of(s)));
        topics.add(DeadLetterTopicBuilder.build(resources.pipeline()));
        return topics;
    }

    /** The declared topic as the single local broker can hold it. */
    static DesiredTopic onOneBroker(DesiredTopic declared) {
        Map<String, String> config = new TreeMap<>(declared.config());
        String minInsync = config.get(TopicSpec.MIN_INSYNC_REPLICAS);
        if (minInsync != null && Integer.parseInt(minInsync) > LOCAL_BROKERS) {
            config.put(TopicSpec.MIN_INSYNC_REPLICAS, String.valueOf(LOCAL_BROKERS));
        }
        return new DesiredTopic(declared.name(), declared.partitions(), LOCAL_BROKERS, config, false,
                declared.deletionPolicy());
    }

    /** Brings each topic to its shape on the local broker; returns one line per topic saying what happened. */
    static List<String> apply(List<DesiredTopic> declared, TopicAdmin admin) {
        List<String> lines = new ArrayList<>();
        for (DesiredTopic topic : declared) {
            DesiredTopic local = onOneBroker(topic);
            Optional<ObservedTopic> observed = admin.describe(local.name());
            TopicPlan plan = TopicDiff.between(local, observed);
            if (plan.problem().isPresent()) {
                throw new IllegalStateException(plan.problem().get().message()
                        + " (delete the folder .tributary beside the resources to start over)");
            }
            admin.apply(local, plan);
            String what = plan.changesKafka() ? String.join("; ", plan.describe(local.name()))
                    : "topic " + local.name() + " exists";
            lines.add(what + " (" + local.partitions() + " partitions" + capped(topic, local) + ")");
        }
        return lines;
    }

    private static String capped(DesiredTopic declared, DesiredTopic local) {
        List<String> notes = new ArrayList<>();
        if (declared.replicationFactor() != null && declared.replicationFactor() > LOCAL_BROKERS) {
            notes.add("replication factor 1 instead of " + declared.replicationFactor());
        }
        String declaredMin = declared.config().get(TopicSpec.MIN_INSYNC_REPLICAS);
        if (declaredMin != null && !declaredMin.equals(local.config().get(TopicSpec.MIN_INSYNC_REPLICAS))) {
            notes.add("min.insync.replicas 1 instead of " + declaredMin);
        }
        if (declared.external()) {
            notes.add("created although external, as nothing else here would");
        }
        return notes.isEmpty() ? "" : ", " + String.join(", ", notes) + ": one local broker";
    }
}
