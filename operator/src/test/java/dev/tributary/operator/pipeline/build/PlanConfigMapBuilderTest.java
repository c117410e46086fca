package dev.tributary.operator.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.PipelineFixtures;
import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.Test;

/** The plan ConfigMap: how the resolved plan reaches the runtime. */
class PlanConfigMapBuilderTest {

    private final Pipeline pipeline = PipelineFixtures.pipeline();
    private final PipelinePlan plan = PipelineFixtures.plan(pipeline);

    @Test
    void theConfigMapHoldsThePlanAsCanonicalJsonUnderPlanJson() {
        ConfigMap configMap = PlanConfigMapBuilder.build(pipeline, plan);
        assertThat(configMap.getMetadata().getName()).isEqualTo("sessionize-plan");
        assertThat(configMap.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(configMap.getData()).containsOnlyKeys("plan.json");
        assertThat(configMap.getData().get("plan.json")).isEqualTo(PlanCodec.toJson(plan));
        assertThat(PlanCodec.fromJson(configMap.getData().get("plan.json"))).isEqualTo(plan);
    }

    @Test
    void thePlanCarriesNoSecretValuesOnlyReferences() {
        String json = PlanConfigMapBuilder.build(pipeline, plan).getData().get("plan.json");
        assertThat(json).contains("\"secretName\" : \"kafka-user\"", "\"secretName\" : \"pg\"");
        assertThat(json).doesNotContainIgnoringCase("sasl.jaas.config");
    }

    @Test
    void theSameInputsGiveTheSameConfigMap() {
        assertThat(PlanConfigMapBuilder.build(PipelineFixtures.pipeline(), PipelineFixtures.plan(PipelineFixtures.pipeline())))
                .isEqualTo(PlanConfigMapBuilder.build(pipeline, plan));
    }
}
