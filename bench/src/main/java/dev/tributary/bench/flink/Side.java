package dev.tributary.bench.flink;

import org.apache.flink.core.execution.JobClient;

/** One way of running a workload: Tributary's runtime from a plan, or a hand-written Flink SQL job. */
interface Side {

    String name();

    /** Starts the job reading the benchmark's topics from the start and writing {@code outputTopic}. */
    JobClient start(Workload workload, String outputTopic, String runId) throws Exception;
}
