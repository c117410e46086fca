package dev.tributary.operator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.build.CheckpointVolumeBuilder;
import dev.tributary.operator.pipeline.build.PlanConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.Test;

/** Which Pipeline a change to a child reconciles. */
class PipelineReconcilerTest {

    @Test
    void anOwnedChildReconcilesItsOwner() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        assertThat(PipelineReconciler.pipelineOf(PlanConfigMapBuilder.build(pipeline, PipelineFixtures.plan(pipeline))))
                .containsExactly(new ResourceID("sessionize", "shop"));
    }

    @Test
    void aRetainedCheckpointVolumeWithoutOwnerReconcilesThePipelineItNames() {
        PersistentVolumeClaim claim = CheckpointVolumeBuilder.build(PipelineFixtures.pipeline()).orElseThrow();
        assertThat(claim.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(PipelineReconciler.pipelineOf(claim)).containsExactly(new ResourceID("sessionize", "shop"));
    }

    @Test
    void aChildNamingNoPipelineReconcilesNothing() {
        PersistentVolumeClaim claim = CheckpointVolumeBuilder.build(PipelineFixtures.pipeline()).orElseThrow();
        claim.getMetadata().setAnnotations(null);
        assertThat(PipelineReconciler.pipelineOf(claim)).isEmpty();
    }

    @Test
    void aChildIsCachedWithoutItsManagedFieldsAndWithEverythingElse() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        var configMap = PlanConfigMapBuilder.build(pipeline, PipelineFixtures.plan(pipeline));
        configMap.getMetadata().setManagedFields(java.util.List.of(new io.fabric8.kubernetes.api.model
                .ManagedFieldsEntryBuilder().withManager("tributary-operator").withOperation("Apply").build()));
        var expected = new io.fabric8.kubernetes.api.model.ConfigMapBuilder(configMap).editMetadata()
                .withManagedFields((java.util.List<io.fabric8.kubernetes.api.model.ManagedFieldsEntry>) null)
                .endMetadata().build();

        var cached = new io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore<>(
                PipelineReconciler::withoutManagedFields);
        cached.put(cached.getKey(configMap), configMap);

        assertThat(cached.get(cached.getKey(configMap))).isEqualTo(expected);
        assertThat(cached.get(cached.getKey(configMap)).getMetadata().getManagedFields()).isNullOrEmpty();
    }

    @Test
    void managedFieldsAreDroppedOnlyWhereOneInformerFillsTheStore() {
        assertThat(PipelineReconciler.oneInformerPerKind(java.util.Set.of(
                io.javaoperatorsdk.operator.api.reconciler.Constants.WATCH_ALL_NAMESPACES))).isTrue();
        assertThat(PipelineReconciler.oneInformerPerKind(java.util.Set.of("shop"))).isTrue();
        assertThat(PipelineReconciler.oneInformerPerKind(java.util.Set.of("shop", "billing"))).isFalse();
    }
}
