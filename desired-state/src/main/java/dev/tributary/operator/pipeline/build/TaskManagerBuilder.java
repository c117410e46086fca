package dev.tributary.operator.pipeline.build;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.Pipeline;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The TaskManagers of the Pipeline's Flink application cluster. Their number is the scaling decision (the
 * autoscaler's, or {@code spec.replicas} through the scale subresource), given by the caller: in reactive mode
 * changing it rescales the job. With a ReadWriteOnce checkpoint volume they must run on the JobManager's node.
 */
public final class TaskManagerBuilder {

    public static final String CONTAINER = "taskmanager";
    public static final String MAIN_CLASS = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    public static final String HOSTNAME_TOPOLOGY = "kubernetes.io/hostname";

    private TaskManagerBuilder() {
    }

    public static Deployment deployment(Pipeline pipeline, PipelinePlan plan, PipelineDeploymentSettings settings,
            int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("TaskManager replicas cannot be negative: " + replicas);
        }
        return new DeploymentBuilder()
                .withMetadata(Children.metadata(pipeline, PipelineNames.taskManager(pipeline),
                        PipelineLabels.of(pipeline, PipelineLabels.TASK_MANAGER)))
                .withNewSpec()
                .withReplicas(replicas)
                .withRevisionHistoryLimit(3)
                .withNewStrategy().withType("Recreate").endStrategy()
                .withNewSelector().withMatchLabels(PipelineLabels.selector(pipeline, PipelineLabels.TASK_MANAGER))
                .endSelector()
                .withTemplate(PodTemplates.template(pipeline, plan, settings, PipelineLabels.TASK_MANAGER,
                        container(pipeline, plan, settings), affinity(pipeline)))
                .endSpec()
                .build();
    }

    /** On one node with the JobManager when the checkpoint volume can be mounted on one node only; else free. */
    static Affinity affinity(Pipeline pipeline) {
        if (!CheckpointVolumeBuilder.pinsToOneNode(pipeline)) {
            return null;
        }
        return new AffinityBuilder()
                .withNewPodAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withNewLabelSelector()
                .withMatchLabels(PipelineLabels.selector(pipeline, PipelineLabels.JOB_MANAGER))
                .endLabelSelector()
                .withTopologyKey(HOSTNAME_TOPOLOGY)
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endPodAffinity()
                .build();
    }

    /** {@code flink-java taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner}. */
    static List<String> command() {
        return PodTemplates.flinkCommand("taskmanager", MAIN_CLASS);
    }

    /** The image's config directory, then every setting as a dynamic property, then the pod's own address. */
    static List<String> args(Pipeline pipeline, PipelinePlan plan) {
        List<String> args = new ArrayList<>(FlinkSettings.asArguments(FlinkSettings.of(pipeline, plan)));
        // Kubernetes expands $(POD_IP): the TaskManager registers under its pod address.
        args.add("-Dtaskmanager.host=$(POD_IP)");
        return args;
    }

    private static Container container(Pipeline pipeline, PipelinePlan plan, PipelineDeploymentSettings settings) {
        return PodTemplates.container(CONTAINER, pipeline, plan, settings,
                        FlinkSettings.taskManagerResources(pipeline), List.of())
                .withCommand(command())
                .withArgs(args(pipeline, plan))
                .withPorts(PodTemplates.port("data", FlinkSettings.TASK_MANAGER_DATA_PORT),
                        PodTemplates.port("rpc", FlinkSettings.TASK_MANAGER_RPC_PORT),
                        PodTemplates.port("metrics", FlinkSettings.METRICS_PORT))
                .withNewLivenessProbe()
                .withNewTcpSocket().withPort(new IntOrString("rpc")).endTcpSocket()
                .withInitialDelaySeconds(30)
                .withPeriodSeconds(20)
                .withFailureThreshold(6)
                .endLivenessProbe()
                .build();
    }
}
