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
}
