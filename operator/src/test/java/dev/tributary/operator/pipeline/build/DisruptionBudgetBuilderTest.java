package dev.tributary.operator.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.operator.pipeline.PipelineFixtures;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

/** The disruption budget: a node drain takes the Pipeline's pods one at a time. */
class DisruptionBudgetBuilderTest {

    @Test
    void aDrainTakesOnePodOfThePipelineAtATime() {
        PodDisruptionBudget budget = DisruptionBudgetBuilder.build(PipelineFixtures.pipeline());
        assertThat(budget.getMetadata().getName()).isEqualTo("sessionize");
        assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(budget.getSpec().getMinAvailable()).isNull();
        assertThat(budget.getSpec().getSelector().getMatchLabels()).containsOnly(
                java.util.Map.entry("app.kubernetes.io/name", "tributary-pipeline"),
                java.util.Map.entry("app.kubernetes.io/instance", "sessionize"));
    }
}
