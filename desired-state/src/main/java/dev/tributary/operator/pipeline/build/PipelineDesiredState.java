package dev.tributary.operator.pipeline.build;

import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanResolver;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.topic.plan.DesiredTopic;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;

/**
 * What the operator wants for a valid Pipeline whose Sources and Sinks exist: the resolved plan, the TaskManager
 * count, the Kubernetes children in the order they are applied, and the dead-letter topic. Pure: the reconciler
 * and {@code tributary render} build it the same way.
 */
public record PipelineDesiredState(PipelinePlan plan, int taskManagers, List<HasMetadata> children,
        DesiredTopic deadLetterTopic) {

    public static PipelineDesiredState of(Pipeline pipeline, Map<String, Source> sources, Map<String, Sink> sinks,
            KafkaConnectionPlan kafka, PipelineDeploymentSettings settings) {
        PipelinePlan plan = PlanResolver.resolve(pipeline, sources, sinks, kafka, PodTemplates.STATE_DIRECTORY_URI);
        int taskManagers = TaskManagerReplicas.desired(pipeline, plan);
        return new PipelineDesiredState(plan, taskManagers,
                PipelineChildren.desired(pipeline, plan, settings, taskManagers), DeadLetterTopicBuilder.build(pipeline));
    }
}
