package dev.tributary.operator.pipeline;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;

/**
 * What the Pipeline's informers keep of a child: what the operator reads of it, not the whole object. Children are
 * compared by the desired-state hash in their annotations, so the specs it wrote are never read back, and at 1,000
 * Pipelines the two Deployments' pod templates and the other children's specs were most of the heap per Pipeline
 * (bench B5). Kept: the metadata (labels, annotations, owners, resource version), and of a Deployment its replica
 * count, its status and each container's command and arguments (the job id the JobManager was given). The plan
 * ConfigMap (read for the plan history) and the checkpoint volume are kept whole. Pruned only where
 * {@link dev.tributary.operator.common.PrunedCaches} allows.
 */
final class CachedChildren {

    private CachedChildren() {
    }

    @SuppressWarnings("unchecked")
    static <R extends HasMetadata> R keptOf(R child) {
        if (child instanceof Deployment deployment) {
            return (R) deployment(deployment);
        }
        if (child instanceof Service service) {
            Service kept = new Service();
            kept.setMetadata(service.getMetadata());
            return (R) kept;
        }
        if (child instanceof PodDisruptionBudget budget) {
            PodDisruptionBudget kept = new PodDisruptionBudget();
            kept.setMetadata(budget.getMetadata());
            return (R) kept;
        }
        if (child instanceof NetworkPolicy policy) {
            NetworkPolicy kept = new NetworkPolicy();
            kept.setMetadata(policy.getMetadata());
            return (R) kept;
        }
        return child;
    }

    private static Deployment deployment(Deployment full) {
        Deployment kept = new Deployment();
        kept.setMetadata(full.getMetadata());
        kept.setStatus(full.getStatus());
        if (full.getSpec() == null) {
            return kept;
        }
        DeploymentSpec spec = new DeploymentSpec();
        spec.setReplicas(full.getSpec().getReplicas());
        PodTemplateSpec template = full.getSpec().getTemplate();
        if (template != null && template.getSpec() != null && template.getSpec().getContainers() != null) {
            PodSpec pod = new PodSpec();
            pod.setContainers(template.getSpec().getContainers().stream().map(CachedChildren::commandOnly).toList());
            spec.setTemplate(new PodTemplateSpec(null, pod));
        }
        kept.setSpec(spec);
        return kept;
    }

    private static Container commandOnly(Container full) {
        Container kept = new Container();
        kept.setName(full.getName());
        kept.setCommand(full.getCommand() == null ? null : List.copyOf(full.getCommand()));
        kept.setArgs(full.getArgs() == null ? null : List.copyOf(full.getArgs()));
        return kept;
    }
}
