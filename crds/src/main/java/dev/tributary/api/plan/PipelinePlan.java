package dev.tributary.api.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resolved, self-contained description of one Pipeline: everything the runtime needs, and nothing secret.
 * The operator writes it into the Pipeline's ConfigMap; the runtime reads it. It is the one contract between
 * the two, so it carries a version, and a reader refuses a version it does not know.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelinePlan(int version, String namespace, String name, KafkaConnectionPlan kafka,
        List<SourcePlan> sources, List<SinkPlan> sinks, String sql, CheckpointPlan checkpoints,
        String deadLetterTopic, ParallelismPlan parallelism, Map<String, String> flinkConfiguration) {

    public static final int CURRENT_VERSION = 1;

    /**
     * The Kafka consumer group the runtime reads a Pipeline's sources with. Offsets are committed on checkpoints, so
     * the operator and {@code tributary dev} read the Pipeline's lag from it.
     */
    public static String consumerGroup(String namespace, String name) {
        return "tributary-" + namespace + "-" + name;
    }

    public PipelinePlan {
        sources = List.copyOf(sources);
        sinks = List.copyOf(sinks);
        flinkConfiguration = flinkConfiguration == null ? Map.of() : new TreeMap<>(flinkConfiguration);
    }
}
