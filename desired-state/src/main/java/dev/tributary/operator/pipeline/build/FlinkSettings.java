package dev.tributary.operator.pipeline.build;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.FlinkConfigurationPolicy;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineResources;
import dev.tributary.api.v1alpha1.ProcessResources;
import dev.tributary.api.v1alpha1.TaskManagerResources;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The Flink configuration of a Pipeline's standalone application cluster: adaptive scheduler in reactive mode (the
 * job's parallelism follows the TaskManagers there are), the JobManager's address and ports, task slots, process
 * memory from {@code spec.resources}, checkpoint directories from the plan, the Prometheus reporter, and the
 * user's {@code flinkConfiguration} minus the keys Tributary owns. Sorted, so the same Pipeline gives the same pods.
 */
public final class FlinkSettings {

    public static final int RPC_PORT = 6123;
    public static final int BLOB_PORT = 6124;
    public static final int REST_PORT = 8081;
    public static final int METRICS_PORT = 9249;
    public static final int TASK_MANAGER_RPC_PORT = 6122;
    public static final int TASK_MANAGER_DATA_PORT = 6121;

    public static final String DEFAULT_CPU = "1";
    public static final String DEFAULT_MEMORY = "1Gi";
    public static final int DEFAULT_TASK_SLOTS = 1;

    private static final BigDecimal MEBIBYTE = BigDecimal.valueOf(1024L * 1024L);

    private FlinkSettings() {
    }

    /** The configuration both processes share. */
    public static SortedMap<String, String> of(Pipeline pipeline, PipelinePlan plan) {
        SortedMap<String, String> conf = new TreeMap<>();
        plan.flinkConfiguration().forEach((key, value) -> {
            if (FlinkConfigurationPolicy.whyForbidden(key).isEmpty()) {
                conf.put(key, value);
            }
        });
        // Rescale once TaskManagers stopped coming for 10 s, not Flink's 60 s: the replica count is a decision.
        conf.putIfAbsent("jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout", "10s");
        // State lives on the JVM heap (hashmap backend), so most of Flink's default 40 % managed memory would lie idle.
        conf.putIfAbsent("taskmanager.memory.managed.fraction", "0.1");
        String jobManager = PipelineNames.jobManager(pipeline);
        conf.put("scheduler-mode", "reactive");
        conf.put("jobmanager.scheduler", "adaptive");
        conf.put("jobmanager.rpc.address", jobManager);
        conf.put("jobmanager.rpc.port", Integer.toString(RPC_PORT));
        conf.put("jobmanager.bind-host", "0.0.0.0");
        conf.put("blob.server.port", Integer.toString(BLOB_PORT));
        conf.put("rest.address", jobManager);
        conf.put("rest.port", Integer.toString(REST_PORT));
        conf.put("rest.bind-address", "0.0.0.0");
        conf.put("taskmanager.bind-host", "0.0.0.0");
        conf.put("taskmanager.rpc.port", Integer.toString(TASK_MANAGER_RPC_PORT));
        conf.put("taskmanager.data.port", Integer.toString(TASK_MANAGER_DATA_PORT));
        conf.put("taskmanager.numberOfTaskSlots", Integer.toString(taskSlots(pipeline)));
        conf.put("jobmanager.memory.process.size", flinkMemory(memory(jobManagerResources(pipeline))));
        conf.put("taskmanager.memory.process.size", flinkMemory(memory(taskManagerResources(pipeline))));
        conf.put("high-availability.type", "NONE");
        // After stop-with-savepoint the JobManager must stay up: the operator reads the savepoint from it, and a
        // JobManager that exited would be restarted by its Deployment and run the old job again.
        conf.put("execution.shutdown-on-application-finish", "false");
        // No Hadoop security (Kerberos) on the class path: without these Flink logs errors trying to load it.
        conf.put("security.context.factory.classes", "org.apache.flink.runtime.security.contexts.NoOpSecurityContextFactory");
        conf.put("security.module.factory.classes", "org.apache.flink.runtime.security.modules.JaasModuleFactory");
        // The root filesystem is read-only: everything Flink writes on its own (spilling, blobs, the web UI's files,
        // the working directory with local state) goes to the /tmp emptyDir; checkpoints go to the plan's directory.
        conf.put("io.tmp.dirs", PodTemplates.TMP_DIR);
        conf.put("web.tmpdir", PodTemplates.TMP_DIR);
        conf.put("process.working-dir", PodTemplates.TMP_DIR);
        conf.put("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.put("metrics.reporter.prom.port", Integer.toString(METRICS_PORT));
        conf.put("pipeline.name", plan.namespace() + "/" + plan.name());
        if (plan.checkpoints() != null) {
            putIfSet(conf, "execution.checkpointing.dir", plan.checkpoints().directory());
            putIfSet(conf, "execution.checkpointing.savepoint-dir", plan.checkpoints().savepointDirectory());
            // Every process opens the store (TaskManagers write state files there): its address, never its keys.
            putIfSet(conf, "s3.endpoint", plan.checkpoints().objectStoreEndpoint());
            if (plan.checkpoints().objectStorePathStyleAccess() != null) {
                conf.put("s3.path.style.access", plan.checkpoints().objectStorePathStyleAccess().toString());
            }
        }
        return conf;
    }

    /**
     * The arguments both Flink entry points (the JobManager's application cluster, the TaskManager) take for their
     * configuration: the image's config directory (Flink insists on a config.yaml there; it holds nothing that
     * matters) and every setting as a {@code -Dkey=value} dynamic property, which wins over the file.
     */
    public static List<String> asArguments(Map<String, String> conf) {
        List<String> args = new ArrayList<>(List.of("--configDir", PodTemplates.CONF_DIR));
        new TreeMap<>(conf).forEach((key, value) -> args.add("-D" + key + "=" + value));
        return args;
    }

    public static int taskSlots(Pipeline pipeline) {
        TaskManagerResources tm = taskManagerResources(pipeline);
        return tm == null || tm.taskSlots == null ? DEFAULT_TASK_SLOTS : tm.taskSlots;
    }

    public static ProcessResources jobManagerResources(Pipeline pipeline) {
        PipelineResources resources = pipeline.getSpec().resources;
        return resources == null ? null : resources.jobManager;
    }

    public static TaskManagerResources taskManagerResources(Pipeline pipeline) {
        PipelineResources resources = pipeline.getSpec().resources;
        return resources == null ? null : resources.taskManager;
    }

    public static String cpu(ProcessResources resources) {
        return resources == null || resources.cpu == null ? DEFAULT_CPU : resources.cpu;
    }

    public static String memory(ProcessResources resources) {
        return resources == null || resources.memory == null ? DEFAULT_MEMORY : resources.memory;
    }

    /** A Kubernetes quantity (2Gi, 1500M) as a Flink memory size in whole mebibytes (2048m, 1430m). */
    static String flinkMemory(String quantity) {
        BigDecimal bytes = Quantity.getAmountInBytes(new Quantity(quantity));
        return bytes.divideToIntegralValue(MEBIBYTE).toBigInteger() + "m";
    }

    private static void putIfSet(Map<String, String> conf, String key, String value) {
        if (value != null) {
            conf.put(key, value);
        }
    }
}
