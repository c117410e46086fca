package dev.tributary.runtime.it;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.local.FreePorts;
import dev.tributary.runtime.PipelineJob;
import dev.tributary.runtime.PipelineRunner;
import dev.tributary.runtime.RuntimeOptions;
import java.nio.file.Path;
import org.apache.flink.core.execution.JobClient;

/** A pipeline run on a MiniCluster inside the test JVM, with its Prometheus endpoint on a free port. */
public final class InProcess implements AutoCloseable {

    private final JobClient client;
    private final Prometheus prometheus;

    private InProcess(JobClient client, int metricsPort) {
        this.client = client;
        this.prometheus = new Prometheus(metricsPort);
    }

    public static InProcess start(PipelinePlan plan, Path dir, RuntimeOptions base) throws Exception {
        int metricsPort = FreePorts.next();
        RuntimeOptions options = base.withMetricsPort(String.valueOf(metricsPort));
        PipelineJob job = PipelineRunner.prepare(plan, options);
        return new InProcess(job.start(), metricsPort);
    }

    public static InProcess start(PipelinePlan plan, Path dir) throws Exception {
        return start(plan, dir, RuntimeOptions.forPlan(dir.resolve("plan.json")));
    }

    public JobClient client() {
        return client;
    }

    public Prometheus prometheus() {
        return prometheus;
    }

    @Override
    public void close() throws Exception {
        client.cancel().get();
    }
}
