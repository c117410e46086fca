package dev.tributary.operator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Pipeline;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

/** The checkpoint volume: where a Pipeline's checkpoints and savepoints live when no object store is named. */
class CheckpointVolumeBuilderTest {

    @Test
    void theDeclaredSizeAndStorageClassAreUsedReadWriteOnceByDefault() {
        PersistentVolumeClaim claim = CheckpointVolumeBuilder.build(PipelineFixtures.pipeline()).orElseThrow();
        assertThat(claim.getMetadata().getName()).isEqualTo("sessionize-checkpoints");
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast");
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("10Gi"));
    }

    @Test
    void aPipelineWithoutStorageGetsA1GiReadWriteOnceVolumeOfTheDefaultClass() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        pipeline.getSpec().checkpoints = null;
        PersistentVolumeClaim claim = CheckpointVolumeBuilder.build(pipeline).orElseThrow();
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getStorageClassName()).isNull();
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("1Gi"));
    }

    @Test
    void readWriteManyIsKept() {
        Pipeline pipeline = PipelineFixtures.pipeline(PipelineFixtures.SESSIONIZE.replace("storageClassName: fast",
                "storageClassName: nfs, accessMode: ReadWriteMany"));
        assertThat(CheckpointVolumeBuilder.build(pipeline).orElseThrow().getSpec().getAccessModes())
                .containsExactly("ReadWriteMany");
        assertThat(CheckpointVolumeBuilder.pinsToOneNode(pipeline)).isFalse();
    }

    @Test
    void checkpointsInAnObjectStoreNeedNoVolume() {
        Pipeline pipeline = PipelineFixtures.pipeline(PipelineFixtures.SESSIONIZE.replace(
                "{volume: {size: 10Gi, storageClassName: fast}}", "{objectStore: {uri: \"s3://ckpt/pipelines\"}}"));
        assertThat(CheckpointVolumeBuilder.build(pipeline)).isEmpty();
        assertThat(CheckpointVolumeBuilder.pinsToOneNode(pipeline)).isFalse();
    }

    @Test
    void theVolumeIsOwnedByThePipeline() {
        PersistentVolumeClaim claim = CheckpointVolumeBuilder.build(PipelineFixtures.pipeline()).orElseThrow();
        assertThat(claim.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Pipeline");
            assertThat(owner.getController()).isTrue();
        });
    }
}
