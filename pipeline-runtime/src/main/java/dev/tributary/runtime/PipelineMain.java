package dev.tributary.runtime;

import dev.tributary.api.plan.PipelinePlan;

/**
 * Runs a pipeline: reads its plan (a file, or the mounted ConfigMap directory), refuses settings that could lose
 * data, builds the Flink job and runs it until it ends. In a Flink application cluster the job runs on that
 * cluster; started with plain {@code java}, it runs on a local MiniCluster. Exit codes: 0 when the job finished,
 * 2 when the plan was refused, 64 for bad arguments, 1 when the job failed.
 */
public final class PipelineMain {

    private PipelineMain() {
    }

    public static void main(String[] args) throws Exception {
        RuntimeOptions options;
        try {
            options = RuntimeOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(64);
            return;
        }
        PipelineJob job;
        try {
            PipelinePlan plan = PipelineRunner.readPlan(options.planPath());
            job = PipelineRunner.prepare(plan, options);
        } catch (IllegalArgumentException e) {
            System.err.println("tributary: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            job.env().execute(job.plan().namespace() + "/" + job.plan().name());
        } catch (Exception e) {
            System.err.println("tributary: pipeline " + job.plan().namespace() + "/" + job.plan().name()
                    + " failed: " + PipelineJob.rootMessage(e));
            throw e;
        }
    }
}
