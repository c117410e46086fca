package dev.tributary.operator.pipeline;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.build.PipelineNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
        ConfigMap observed = planConfigMap(children, pipeline).orElse(null);
        if (observed == null || observed.getData() == null) {
            return Optional.empty();
        }
        for (String key : List.of(PlanCodec.CONFIG_MAP_KEY, PREVIOUS_KEY)) {
            String json = observed.getData().get(key);
            if (json != null) {
                PipelinePlan plan = PlanCodec.fromJson(json);
                if (planHash.equals(PlanCodec.hash(plan))) {
                    return Optional.of(plan);
                }
            }
        }
        return Optional.empty();
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
