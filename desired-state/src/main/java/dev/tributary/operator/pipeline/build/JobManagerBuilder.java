package dev.tributary.operator.pipeline.build;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.Pipeline;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JobManager of the Pipeline's Flink application cluster: one pod running Flink's standalone application
 * entry point, which runs the runtime's {@code PipelineMain} on the mounted plan, submits its one job and schedules it
 * on the TaskManagers that register (reactive mode); and the Service that is its address. The job's id is random
 * (Flink's default without high availability): find it with {@code GET /jobs/overview}, the cluster's only job.
 * The Deployment recreates rather than rolls: two JobManagers must never run the same job.
 */
public final class JobManagerBuilder {

    public static final String CONTAINER = "jobmanager";
    /** Flink's standalone application cluster: a JobManager that runs one job's main class in its own JVM. */
    public static final String ENTRY_POINT =
            "org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint";
    public static final String JOB_CLASS = "dev.tributary.runtime.PipelineMain";

    private JobManagerBuilder() {
    }

    /** A running JobManager whose job starts from {@code restore} (see below). */
    public static Deployment deployment(Pipeline pipeline, PipelinePlan plan, PipelineDeploymentSettings settings,
            String restore) {
        return deployment(pipeline, plan, settings, new JobDeployment(restore, true, null));
    }

    /**
     * @param job where the job starts from, as {@code PipelineMain --restore} takes it (a savepoint path,
     *     {@code latest}, or nothing), chosen by the reconciler from {@code upgradeMode} and the savepoint it recorded;
     *     and whether it runs: a suspended Pipeline keeps its JobManager Deployment at zero replicas
     */
    public static Deployment deployment(Pipeline pipeline, PipelinePlan plan, PipelineDeploymentSettings settings,
            JobDeployment job) {
        return new DeploymentBuilder()
                .withMetadata(Children.metadata(pipeline, PipelineNames.jobManager(pipeline),
                        PipelineLabels.of(pipeline, PipelineLabels.JOB_MANAGER)))
                .withNewSpec()
                .withReplicas(job.running() ? 1 : 0)
                .withRevisionHistoryLimit(3)
                .withNewStrategy().withType("Recreate").endStrategy()
                .withNewSelector().withMatchLabels(PipelineLabels.selector(pipeline, PipelineLabels.JOB_MANAGER))
                .endSelector()
                .withTemplate(PodTemplates.template(pipeline, plan, settings, PipelineLabels.JOB_MANAGER,
                        container(pipeline, plan, settings, job), null))
                .endSpec()
                .build();
    }

    public static Service service(Pipeline pipeline) {
        return new ServiceBuilder()
                .withMetadata(Children.metadata(pipeline, PipelineNames.jobManager(pipeline),
                        PipelineLabels.of(pipeline, PipelineLabels.JOB_MANAGER)))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(PipelineLabels.selector(pipeline, PipelineLabels.JOB_MANAGER))
                .withPorts(servicePort("rpc", FlinkSettings.RPC_PORT), servicePort("blob", FlinkSettings.BLOB_PORT),
                        servicePort("rest", FlinkSettings.REST_PORT), servicePort("metrics", FlinkSettings.METRICS_PORT))
                .endSpec()
                .build();
    }

    /** {@code flink-java jobmanager org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint}. */
    static List<String> command() {
        return PodTemplates.flinkCommand("jobmanager", ENTRY_POINT);
    }

    /**
     * The cluster's settings as dynamic properties, the job class, then after {@code --} what {@link #JOB_CLASS}
     * takes: {@code --configDir /opt/tributary/conf -D... --job-classname dev.tributary.runtime.PipelineMain --
     * --plan /etc/tributary/plan --secrets-dir /etc/tributary/secrets --metrics-port 9249 [--job-id <id>]
     * [--restore <restore>]}.
     * Flink's own {@code --fromSavepoint} is not used: PipelineMain resolves {@code latest} and sets the restore
     * path on the job it submits.
     */
    static List<String> args(Pipeline pipeline, PipelinePlan plan, JobDeployment job) {
        List<String> args = new ArrayList<>(FlinkSettings.asArguments(FlinkSettings.of(pipeline, plan)));
        args.addAll(List.of("--job-classname", JOB_CLASS, "--"));
        args.addAll(jobArgs(job));
        return args;
    }

    /** The {@code --job-id} a JobManager Deployment was given, or null (no Deployment, or none given). */
    public static String jobIdOf(Deployment jobManager) {
        if (jobManager == null) {
            return null;
        }
        for (Container container : jobManager.getSpec().getTemplate().getSpec()
                .getContainers()) {
            List<String> args = new ArrayList<>();
            Optional.ofNullable(container.getCommand()).ifPresent(args::addAll);
            Optional.ofNullable(container.getArgs()).ifPresent(args::addAll);
            int at = args.indexOf("--job-id");
            if (at >= 0 && at + 1 < args.size()) {
                return args.get(at + 1);
            }
        }
        return null;
    }

        /** PipelineMain's own arguments. */
    static List<String> jobArgs(JobDeployment job) {
        List<String> args = new ArrayList<>(List.of("--plan", PodTemplates.PLAN_DIR,
                "--secrets-dir", PodTemplates.SECRETS_DIR,
                "--metrics-port", Integer.toString(FlinkSettings.METRICS_PORT)));
        if (job.jobId() != null) {
            args.add("--job-id");
            args.add(job.jobId());
        }
        if (job.restore() != null) {
            args.add("--restore");
            args.add(job.restore());
        }
        return args;
    }

    private static Container container(Pipeline pipeline, PipelinePlan plan, PipelineDeploymentSettings settings,
            JobDeployment job) {
        return PodTemplates.container(CONTAINER, pipeline, plan, settings,
                        FlinkSettings.jobManagerResources(pipeline), List.of())
                .withCommand(command())
                .withArgs(args(pipeline, plan, job))
                .withPorts(PodTemplates.port("rpc", FlinkSettings.RPC_PORT),
                        PodTemplates.port("blob", FlinkSettings.BLOB_PORT),
                        PodTemplates.port("rest", FlinkSettings.REST_PORT),
                        PodTemplates.port("metrics", FlinkSettings.METRICS_PORT))
                .withNewReadinessProbe()
                .withNewTcpSocket().withPort(new IntOrString("rest")).endTcpSocket()
                .withPeriodSeconds(10)
                .endReadinessProbe()
                .withNewLivenessProbe()
                .withNewTcpSocket().withPort(new IntOrString("rpc")).endTcpSocket()
                .withInitialDelaySeconds(30)
                .withPeriodSeconds(20)
                .withFailureThreshold(6)
                .endLivenessProbe()
                .build();
    }

    private static ServicePort servicePort(String name, int port) {
        return new ServicePortBuilder().withName(name).withPort(port).withTargetPort(new IntOrString(name))
                .withProtocol("TCP").build();
    }
}
