package dev.tributary.e2e.flink;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.runtime.JobSettings;
import dev.tributary.runtime.PipelineJob;
import dev.tributary.runtime.PipelineRunner;
import dev.tributary.runtime.RuntimeOptions;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What a Pipeline's JobManager pod does, on this machine: a Flink cluster (a MiniCluster with its REST API on a
 * fixed loopback port) runs the plan's job, built by the real runtime and started from {@code --restore}. Like the
 * application cluster, it stays up after its job finished, so the savepoint a stop produced can still be asked for.
 * Runs until killed.
 *
 * <p>Arguments: {@code <plan file> <rest port> <restore path, latest or -> <hash of the operator's plan>
 * <job id or ->}. The plan
 * file has its state paths moved onto this machine, so the job is told the hash of the plan as the operator wrote it.
 */
public final class LocalJobManagerMain {

    private LocalJobManagerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path plan = Path.of(args[0]);
        int restPort = Integer.parseInt(args[1]);
        String restore = "-".equals(args[2]) ? null : args[2];
        String planHash = args[3];
        String jobId = "-".equals(args[4]) ? null : args[4];

        PipelinePlan pipelinePlan = PipelineRunner.readPlan(plan);
        Configuration cluster = new Configuration();
        // As FlinkSettings configures the application cluster: stop-with-savepoint writes here unless told otherwise.
        cluster.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, pipelinePlan.checkpoints().savepointDirectory());
        cluster.set(RestOptions.ADDRESS, "127.0.0.1");
        cluster.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        cluster.set(RestOptions.PORT, restPort);
        cluster.set(RestOptions.BIND_PORT, Integer.toString(restPort));
        cluster.set(TaskManagerOptions.NUM_TASK_SLOTS, 4);
        MiniCluster miniCluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(cluster)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(4).build());
        miniCluster.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> miniCluster.closeAsync().join()));

        RuntimeOptions options = RuntimeOptions.forPlan(plan).withRestorePath(restore).withMetricsPort("0")
                .withJobId(jobId);
        PipelineJob job = PipelineRunner.prepare(pipelinePlan, options,
                conf -> {
                    conf.set(PipelineOptions.GLOBAL_JOB_PARAMETERS, Map.of(JobSettings.PLAN_HASH_PARAMETER, planHash));
                    return StreamExecutionEnvironment.createRemoteEnvironment("127.0.0.1", restPort, conf);
                });
        job.env().executeAsync(pipelinePlan.namespace() + "/" + pipelinePlan.name());
        System.out.println("[jobmanager] job submitted" + (restore == null ? "" : ", restoring from " + restore));
        Thread.currentThread().join();
    }
}
