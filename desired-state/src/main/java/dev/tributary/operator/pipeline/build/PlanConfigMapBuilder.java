package dev.tributary.operator.pipeline.build;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.api.v1alpha1.Pipeline;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;

/** The ConfigMap that hands the resolved plan to the runtime, mounted at {@link PodTemplates#PLAN_DIR}. */
public final class PlanConfigMapBuilder {

    private PlanConfigMapBuilder() {
    }

    public static ConfigMap build(Pipeline pipeline, PipelinePlan plan) {
        return new ConfigMapBuilder()
                .withMetadata(Children.metadata(pipeline, PipelineNames.planConfigMap(pipeline), PipelineLabels.of(pipeline)))
                .withData(Map.of(PlanCodec.CONFIG_MAP_KEY, PlanCodec.toJson(plan)))
                .build();
    }
}
