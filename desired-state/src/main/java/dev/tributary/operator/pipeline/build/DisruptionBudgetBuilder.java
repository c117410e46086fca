package dev.tributary.operator.pipeline.build;

import dev.tributary.api.v1alpha1.Pipeline;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/**
 * Lets a voluntary disruption (a node drain) take one of the Pipeline's pods at a time: each lost pod restarts or
 * rescales the job from its latest checkpoint, so draining them together would only restart it repeatedly.
 */
public final class DisruptionBudgetBuilder {

    private DisruptionBudgetBuilder() {
    }

    public static PodDisruptionBudget build(Pipeline pipeline) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(Children.metadata(pipeline, PipelineNames.pipelineWide(pipeline), PipelineLabels.of(pipeline)))
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector().withMatchLabels(PipelineLabels.selector(pipeline)).endSelector()
                .endSpec()
                .build();
    }
}
