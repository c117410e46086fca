package dev.tributary.operator.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.PipelineFixtures;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
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
    void byDefaultTheVolumeIsRetainedNotOwnedButNamesItsPipeline() {
        PersistentVolumeClaim claim = CheckpointVolumeBuilder.build(PipelineFixtures.pipeline()).orElseThrow();
        assertThat(claim.getMetadata().getOwnerReferences()).as("the garbage collector must never delete it").isEmpty();
        assertThat(claim.getMetadata().getAnnotations()).containsEntry(CheckpointVolumeBuilder.PIPELINE, "sessionize");
        assertThat(claim.getMetadata().getLabels()).containsEntry(PipelineLabels.INSTANCE, "sessionize")
                .containsEntry(PipelineLabels.MANAGED_BY, PipelineLabels.OPERATOR);
        assertThat(Serialization.asYaml(claim)).as("no empty list is applied either").doesNotContain("ownerReferences");
    }

    @Test
    void retainIsTheSameAsTheDefault() {
        Pipeline pipeline = PipelineFixtures.pipeline(PipelineFixtures.SESSIONIZE.replace("storageClassName: fast",
                "storageClassName: fast, deletionPolicy: Retain"));
        assertThat(CheckpointVolumeBuilder.build(pipeline)).isEqualTo(CheckpointVolumeBuilder.build(
                PipelineFixtures.pipeline()));
    }

    @Test
    void withDeletionPolicyDeleteTheVolumeIsOwnedByThePipeline() {
        Pipeline pipeline = PipelineFixtures.pipeline(PipelineFixtures.SESSIONIZE.replace("storageClassName: fast",
                "storageClassName: fast, deletionPolicy: Delete"));
        PersistentVolumeClaim claim = CheckpointVolumeBuilder.build(pipeline).orElseThrow();
        assertThat(claim.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Pipeline");
            assertThat(owner.getName()).isEqualTo("sessionize");
            assertThat(owner.getUid()).isEqualTo(pipeline.getMetadata().getUid());
            assertThat(owner.getController()).isTrue();
        });
        assertThat(claim.getMetadata().getAnnotations()).containsEntry(CheckpointVolumeBuilder.PIPELINE, "sessionize");
    }

    @Test
    void aRetainedVolumeIsTheSameObjectForAPipelineOfTheSameNameCreatedAgain() {
        Pipeline before = PipelineFixtures.pipeline();
        Pipeline again = PipelineFixtures.pipeline();
        again.getMetadata().setUid("another-uid");
        PersistentVolumeClaim first = CheckpointVolumeBuilder.build(before).orElseThrow();
        PersistentVolumeClaim second = CheckpointVolumeBuilder.build(again).orElseThrow();
        assertThat(DesiredHash.of(second)).as("nothing to apply: the claim is reused as it is")
                .isEqualTo(DesiredHash.of(first));
    }
}
