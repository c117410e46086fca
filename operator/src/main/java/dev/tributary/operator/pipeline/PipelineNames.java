package dev.tributary.operator.pipeline;

import dev.tributary.api.v1alpha1.Pipeline;

/** The names of a Pipeline's children, all derived from its name so a second reconcile finds the same objects. */
public final class PipelineNames {

    private PipelineNames() {
    }

    public static String planConfigMap(Pipeline pipeline) {
        return pipeline.getMetadata().getName() + "-plan";
    }

    public static String checkpointVolume(Pipeline pipeline) {
        return pipeline.getMetadata().getName() + "-checkpoints";
    }

    /** The JobManager's Deployment and Service; the Service name is the JobManager's address. */
    public static String jobManager(Pipeline pipeline) {
        return pipeline.getMetadata().getName() + "-jobmanager";
    }

    public static String taskManager(Pipeline pipeline) {
        return pipeline.getMetadata().getName() + "-taskmanager";
    }

    /** The PodDisruptionBudget and the NetworkPolicy, which cover all the Pipeline's pods. */
    public static String pipelineWide(Pipeline pipeline) {
        return pipeline.getMetadata().getName();
    }
}
