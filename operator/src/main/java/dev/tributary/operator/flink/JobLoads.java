package dev.tributary.operator.flink;

import dev.tributary.api.v1alpha1.Pipeline;

/** The load figures the autoscaler reads from a Pipeline's JobManager. Over Flink's REST API; fakes in unit tests. */
public interface JobLoads {

    /**
     * @throws FlinkUnreachableException when the JobManager does not answer or does not know the job
     */
    JobLoad load(Pipeline pipeline, String jobId);
}
