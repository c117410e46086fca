package dev.tributary.operator.pipeline.scaling;

import dev.tributary.api.v1alpha1.ParallelismSpec;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.autoscaler.ScalingBounds;
import dev.tributary.operator.pipeline.build.FlinkSettings;

/** The TaskManager counts the policy may choose for a Pipeline: its {@code parallelism} bounds and task slots. */
public final class PipelineScalingBounds {

    private PipelineScalingBounds() {
    }

    /** For a Pipeline whose widest source topic has {@code partitions}. */
    public static ScalingBounds of(Pipeline pipeline, int partitions) {
        ParallelismSpec p = pipeline.getSpec().parallelism;
        int min = p == null || p.min == null ? 1 : p.min;
        int max = p == null || p.max == null ? ParallelismSpec.MAX_PARALLELISM : Math.max(p.max, 1);
        return new ScalingBounds(min, Math.max(min, max), Math.max(1, partitions), FlinkSettings.taskSlots(pipeline));
    }
}
