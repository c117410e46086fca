package dev.tributary.operator.pipeline.build;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineState;

/**
 * How many TaskManagers a Pipeline runs: none while suspended; with autoscaling on, the autoscaler's latest decision
 * as {@code status.autoscaler} recorded it (never fewer than one); {@code spec.replicas} when set (by hand, or by HPA
 * or KEDA through the scale subresource); else enough for the initial parallelism, {@code ceil(initial / taskSlots)}.
 */
public final class TaskManagerReplicas {

    private TaskManagerReplicas() {
    }

    public static int desired(Pipeline pipeline, PipelinePlan plan) {
        if (pipeline.getSpec().stateOrDefault() == PipelineState.SUSPENDED) {
            return 0;
        }
        if (pipeline.getSpec().autoscaling != null && pipeline.getSpec().autoscaling.isEnabled()
                && pipeline.getStatus() != null && pipeline.getStatus().autoscaler != null
                && pipeline.getStatus().autoscaler.desiredReplicas != null) {
            return Math.max(1, pipeline.getStatus().autoscaler.desiredReplicas);
        }
        if (pipeline.getSpec().replicas != null) {
            return pipeline.getSpec().replicas;
        }
        int slots = FlinkSettings.taskSlots(pipeline);
        int initial = plan.parallelism() == null ? 1 : plan.parallelism().initial();
        return Math.max(1, (initial + slots - 1) / slots);
    }

    /** The parallelism those TaskManagers give in reactive mode (every slot used), capped by the plan's maximum. */
    public static int parallelism(Pipeline pipeline, PipelinePlan plan, int replicas) {
        int slots = replicas * FlinkSettings.taskSlots(pipeline);
        return plan.parallelism() == null ? slots : Math.min(slots, plan.parallelism().max());
    }
}
