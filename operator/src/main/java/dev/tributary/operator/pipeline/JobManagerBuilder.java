package dev.tributary.operator.pipeline;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.Pipeline;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The JobManager of the Pipeline's Flink application cluster: one pod that runs the runtime's
 * {@code PipelineMain} on the mounted plan and coordinates the TaskManagers, and the Service that is its address.
 * The Deployment recreates rather than rolls: two JobManagers must never run the same job.
 */
public final class JobManagerBuilder {

    public static final String CONTAINER = "jobmanager";
    public static final String MAIN_CLASS = "dev.tributary.runtime.PipelineMain";

    private JobManagerBuilder() {
    }

    /** A running JobManager whose job starts from {@code restore} (see below). */
    public static Deployment deployment(Pipeline pipeline, PipelinePlan plan, PipelineDeploymentSettings settings,
            String restore) {
        return deployment(pipeline, plan, settings, new JobDeployment(restore, true));
    }

    /**
     * @param job where the job starts from, as {@code PipelineMain --restore} takes it (a savepoint path,
     *     {@code latest}, or nothing), chosen by the reconciler from {@code upgradeMode} and the savepoint it recorded;
     *     and whether it runs: a suspended Pipeline keeps its JobManager Deployment at zero replicas
     */
    public static Deployment deployment(Pipeline pipeline, PipelinePlan plan, PipelineDeploymentSettings settings,
            JobDeployment job) {
        String restore = job.restore();
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
                        container(pipeline, plan, settings, restore), null))
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

    /** {@code java -cp /opt/tributary/lib/* dev.tributary.runtime.PipelineMain --plan /etc/tributary/plan ...}. */
    static List<String> command() {
        return List.of("java", "-XX:+ExitOnOutOfMemoryError", "-cp", PodTemplates.LIB_CLASSPATH, MAIN_CLASS);
    }

    static List<String> args(String restore) {
        List<String> args = new ArrayList<>(List.of("--plan", PodTemplates.PLAN_DIR,
                "--secrets-dir", PodTemplates.SECRETS_DIR,
                "--metrics-port", Integer.toString(FlinkSettings.METRICS_PORT)));
        if (restore != null) {
            args.add("--restore");
            args.add(restore);
        }
        return args;
    }

    private static Container container(Pipeline pipeline, PipelinePlan plan, PipelineDeploymentSettings settings,
            String restore) {
        EnvVar flinkProperties = new EnvVar("FLINK_PROPERTIES",
                FlinkSettings.asProperties(FlinkSettings.of(pipeline, plan)), null);
        return PodTemplates.container(CONTAINER, pipeline, plan, settings,
                        FlinkSettings.jobManagerResources(pipeline), List.of(flinkProperties))
                .withCommand(command())
                .withArgs(args(restore))
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
