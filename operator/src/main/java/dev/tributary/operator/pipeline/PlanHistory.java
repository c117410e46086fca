package dev.tributary.operator.pipeline;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.build.PipelineNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The plans the plan ConfigMap holds: the one the JobManager runs under {@code plan.json}, and during a guarded
 * upgrade the one that ran before under {@code previous-plan.json}, which a rollback redeploys. Kept in the same
 * object so a restarted operator finds it and the garbage collector deletes it with the Pipeline. Pure.
 */
public final class PlanHistory {

    public static final String PREVIOUS_KEY = "previous-plan.json";

    private PlanHistory() {
    }

    /** The plan with this hash from either key of the observed plan ConfigMap; empty when it holds neither. */
    public static Optional<PipelinePlan> find(List<HasMetadata> children, Pipeline pipeline, String planHash) {
        if (planHash == null) {
            return Optional.empty();
        }
        return plans(children, pipeline).stream().filter(plan -> planHash.equals(PlanCodec.hash(plan))).findFirst();
    }

    /** The hashes of the plans the observed plan ConfigMap holds, under either key. */
    public static Set<String> hashes(List<HasMetadata> children, Pipeline pipeline) {
        return plans(children, pipeline).stream().map(PlanCodec::hash).collect(Collectors.toSet());
    }

    private static List<PipelinePlan> plans(List<HasMetadata> children, Pipeline pipeline) {
        ConfigMap observed = planConfigMap(children, pipeline).orElse(null);
        if (observed == null || observed.getData() == null) {
            return List.of();
        }
        return Stream.of(PlanCodec.CONFIG_MAP_KEY, PREVIOUS_KEY).map(observed.getData()::get).filter(Objects::nonNull)
                .map(PlanCodec::fromJson).toList();
    }

    /** The desired children with {@code previous} kept in the plan ConfigMap among them (if it is there). */
    public static void keep(List<HasMetadata> children, Pipeline pipeline, PipelinePlan previous) {
        planConfigMap(children, pipeline).ifPresent(configMap -> {
            Map<String, String> data = new TreeMap<>(configMap.getData());
            data.put(PREVIOUS_KEY, PlanCodec.toJson(previous));
            configMap.setData(data);
        });
    }

    private static Optional<ConfigMap> planConfigMap(List<HasMetadata> children, Pipeline pipeline) {
        String name = PipelineNames.planConfigMap(pipeline);
        return children.stream().filter(c -> c instanceof ConfigMap && name.equals(c.getMetadata().getName()))
                .map(ConfigMap.class::cast).findFirst();
    }
}
