package dev.tributary.operator.pipeline;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.Pipeline;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Every Kubernetes object a Pipeline should have, in the order they are applied: what the pods mount first (plan
 * ConfigMap, checkpoint volume), then the JobManager's Service and Deployment, the TaskManagers, and the policies.
 */
public final class PipelineChildren {

    private PipelineChildren() {
    }

    public static List<HasMetadata> desired(Pipeline pipeline, PipelinePlan plan, PipelineDeploymentSettings settings,
            int taskManagers) {
        List<HasMetadata> children = new ArrayList<>();
        children.add(PlanConfigMapBuilder.build(pipeline, plan));
        CheckpointVolumeBuilder.build(pipeline).ifPresent(children::add);
        children.add(JobManagerBuilder.service(pipeline));
        children.add(JobManagerBuilder.deployment(pipeline, plan, settings, null));
        children.add(TaskManagerBuilder.deployment(pipeline, plan, settings, taskManagers));
        children.add(DisruptionBudgetBuilder.build(pipeline));
        children.add(NetworkPolicyBuilder.build(pipeline, plan, settings));
        return children;
    }

    /** The TaskManager pods' selector as the scale subresource reports it ({@code status.selector}). */
    public static String taskManagerSelector(Pipeline pipeline) {
        StringBuilder out = new StringBuilder();
        PipelineLabels.selector(pipeline, PipelineLabels.TASK_MANAGER).forEach((k, v) -> {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(k).append('=').append(v);
        });
        return out.toString();
    }
}
