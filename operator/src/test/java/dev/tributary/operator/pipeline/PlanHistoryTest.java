package dev.tributary.operator.pipeline;

import dev.tributary.operator.pipeline.build.PlanConfigMapBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.api.v1alpha1.Pipeline;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan ConfigMap keeps the previous plan during a guarded upgrade, where a restarted operator finds it. */
class PlanHistoryTest {

    private final Pipeline pipeline = PipelineFixtures.pipeline();
    private final PipelinePlan running = PipelineFixtures.plan(pipeline);
    private final PipelinePlan next = new PipelinePlan(running.version(), running.namespace(), running.name(),
            running.kafka(), running.sources(), running.sinks(), running.sql() + " ", running.checkpoints(),
            running.deadLetterTopic(), running.parallelism(), running.flinkConfiguration());

    @Test
    void theNewPlansConfigMapKeepsThePreviousOneUnderItsOwnKeyAndEitherIsFoundByHash() {
        List<HasMetadata> children = new ArrayList<>(List.of(PlanConfigMapBuilder.build(pipeline, next)));
        PlanHistory.keep(children, pipeline, running);
        ConfigMap configMap = (ConfigMap) children.get(0);
        assertThat(configMap.getData()).containsOnlyKeys(PlanCodec.CONFIG_MAP_KEY, PlanHistory.PREVIOUS_KEY);
        assertThat(PlanHistory.find(children, pipeline, PlanCodec.hash(running))).contains(running);
        assertThat(PlanHistory.find(children, pipeline, PlanCodec.hash(next))).contains(next);
        assertThat(PlanHistory.find(children, pipeline, "another")).isEmpty();
        assertThat(PlanHistory.find(List.of(), pipeline, PlanCodec.hash(running))).isEmpty();
        assertThat(PlanHistory.hashes(children, pipeline)).as("what UpgradeSteps may deploy besides the spec's plan")
                .containsExactlyInAnyOrder(PlanCodec.hash(running), PlanCodec.hash(next));
        assertThat(PlanHistory.hashes(List.of(), pipeline)).isEmpty();
    }
}
