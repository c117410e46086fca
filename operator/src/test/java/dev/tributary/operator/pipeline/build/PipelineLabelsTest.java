package dev.tributary.operator.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.PipelineFixtures;
import org.junit.jupiter.api.Test;

/** The labels of a Pipeline's children, and the stable ones its selectors use. */
class PipelineLabelsTest {

    private final Pipeline pipeline = PipelineFixtures.pipeline();

    @Test
    void componentsAreLabelledTheKubernetesWay() {
        assertThat(PipelineLabels.of(pipeline, PipelineLabels.TASK_MANAGER)).containsExactly(
                java.util.Map.entry("app.kubernetes.io/component", "taskmanager"),
                java.util.Map.entry("app.kubernetes.io/instance", "sessionize"),
                java.util.Map.entry("app.kubernetes.io/managed-by", "tributary-operator"),
                java.util.Map.entry("app.kubernetes.io/name", "tributary-pipeline"),
                java.util.Map.entry("app.kubernetes.io/part-of", "tributary"));
    }

    @Test
    void selectorsUseOnlyLabelsThatNeverChange() {
        assertThat(PipelineLabels.selector(pipeline)).containsOnlyKeys("app.kubernetes.io/name", "app.kubernetes.io/instance");
        assertThat(PipelineLabels.selector(pipeline, PipelineLabels.JOB_MANAGER)).containsOnlyKeys(
                "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component");
    }
}
