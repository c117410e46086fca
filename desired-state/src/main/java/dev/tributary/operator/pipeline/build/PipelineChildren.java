package dev.tributary.operator.pipeline.build;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineState;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;

/**
 * Every Kubernetes object a Pipeline should have, in the order they are applied: what the pods mount first (plan
 * ConfigMap, checkpoint volume), then the JobManager's Service and Deployment, the TaskManagers, and the policies.
 */
public final class PipelineChildren {

    private PipelineChildren() {
    }

    /** A first deployment: no state to start from, running unless the Pipeline is suspended. */
    public static List<HasMetadata> desired(Pipeline pipeline, PipelinePlan plan, PipelineDeploymentSettings settings,
            int taskManagers) {
        return desired(pipeline, plan, settings, taskManagers,
                new JobDeployment(null, pipeline.getSpec().stateOrDefault() == PipelineState.RUNNING,
                        JobDeployment.jobId(pipeline.getMetadata().getUid(), PlanCodec.hash(plan), null, "initial")));
    }

    /** Everything a Pipeline becomes; with {@code job} not running, the JobManager and TaskManagers have no pods. */
    public static List<HasMetadata> desired(Pipeline pipeline, PipelinePlan plan, PipelineDeploymentSettings settings,
            int taskManagers, JobDeployment job) {
        List<HasMetadata> children = new ArrayList<>();
        children.add(PlanConfigMapBuilder.build(pipeline, plan));
        CheckpointVolumeBuilder.build(pipeline).ifPresent(children::add);
        children.add(JobManagerBuilder.service(pipeline));
        children.add(JobManagerBuilder.deployment(pipeline, plan, settings, job));
        children.add(TaskManagerBuilder.deployment(pipeline, plan, settings, job.running() ? taskManagers : 0));
        children.add(DisruptionBudgetBuilder.build(pipeline));
        children.add(NetworkPolicyBuilder.build(pipeline, plan, settings));
        return children;
    }

    /** The children that restart the job when they change: held while the job is being stopped with a savepoint. */
    public static boolean runsTheJob(HasMetadata child) {
        return child instanceof ConfigMap || child instanceof Deployment;
    }

    /** The TaskManager pods' selector as the scale subresource reports it ({@code status.selector}). */
    public static String taskManagerSelector(Pipeline pipeline) {
        StringBuilder out = new StringBuilder();
        PipelineLabels.selector(pipeline, PipelineLabels.TASK_MANAGER).forEach((k, v) -> {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(k).append('=').append(v);
        });
        return out.toString();
    }
}
