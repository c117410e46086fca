package dev.tributary.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.build.PipelineDeploymentSettings;
import dev.tributary.operator.pipeline.build.PipelineDesiredState;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScaleFixturesTest {

    @Test
    void eachPipelineNamesItsOwnSourceAndSinkSoEverySqlDiffers() {
        Pipeline first = ScaleFixtures.pipeline(1);
        Pipeline second = ScaleFixtures.pipeline(2);
        assertThat(first.getSpec().sources).containsExactly(ScaleFixtures.source(1).getMetadata().getName());
        assertThat(first.getSpec().sinks).containsExactly(ScaleFixtures.sink(1).getMetadata().getName());
        assertThat(first.getSpec().sql).isNotEqualTo(second.getSpec().sql);
        assertThat(first.getSpec().replicas).isEqualTo(1);
    }

    @Test
    void theNaiveControllerBuildsTheOperatorsChildrenFromThem() {
        Pipeline pipeline = ScaleFixtures.pipeline(7);
        pipeline.getMetadata().setNamespace("ns");
        pipeline.getMetadata().setUid("uid-7");
        pipeline.getMetadata().setGeneration(1L);
        PipelineDesiredState desired = PipelineDesiredState.of(pipeline,
                Map.of(pipeline.getSpec().sources.get(0), ScaleFixtures.source(7)),
                Map.of(pipeline.getSpec().sinks.get(0), ScaleFixtures.sink(7)),
                KafkaConnectionPlan.plaintext("127.0.0.1:9092"),
                new PipelineDeploymentSettings(ControlPlaneScaleBenchmark.IMAGE, null, "tributary-system",
                        java.util.List.of()));
        assertThat(desired.children()).extracting(c -> c.getKind()).containsExactly("ConfigMap", "Service",
                "Deployment", "Deployment", "PodDisruptionBudget", "NetworkPolicy");
        assertThat(desired.taskManagers()).isEqualTo(1);
    }
}
