package dev.tributary.operator.pipeline;

import dev.tributary.api.v1alpha1.CheckpointSpec;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.VolumeStorageSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Optional;

/**
 * The PersistentVolumeClaim that holds checkpoints and savepoints, shared by the JobManager and the TaskManagers.
 * A Pipeline without storage gets a 1Gi ReadWriteOnce volume; one that keeps its checkpoints in an object store gets
 * none.
 */
public final class CheckpointVolumeBuilder {

    private CheckpointVolumeBuilder() {
    }

    /** The volume the Pipeline's checkpoints live on; empty when they go to an object store. */
    public static Optional<VolumeStorageSpec> volumeOf(Pipeline pipeline) {
        CheckpointSpec checkpoints = pipeline.getSpec().checkpoints;
        if (checkpoints == null || checkpoints.storage == null) {
            return Optional.of(new VolumeStorageSpec(CheckpointSpec.DEFAULT_VOLUME_SIZE));
        }
        return Optional.ofNullable(checkpoints.storage.volume);
    }

    public static VolumeStorageSpec.AccessMode accessModeOf(VolumeStorageSpec volume) {
        return volume.accessMode == null ? VolumeStorageSpec.AccessMode.ReadWriteOnce : volume.accessMode;
    }

    /**
     * Whether the volume can be mounted on one node only, so the TaskManagers must run on the JobManager's node.
     */
    public static boolean pinsToOneNode(Pipeline pipeline) {
        return volumeOf(pipeline).map(v -> accessModeOf(v) != VolumeStorageSpec.AccessMode.ReadWriteMany).orElse(false);
    }

    public static Optional<PersistentVolumeClaim> build(Pipeline pipeline) {
        return volumeOf(pipeline).map(volume -> new PersistentVolumeClaimBuilder()
                .withMetadata(Children.metadata(pipeline, PipelineNames.checkpointVolume(pipeline),
                        PipelineLabels.of(pipeline)))
                .withNewSpec()
                .withAccessModes(accessModeOf(volume).name())
                .withStorageClassName(volume.storageClassName)
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity(volume.size == null ? CheckpointSpec.DEFAULT_VOLUME_SIZE
                        : volume.size)))
                .endResources()
                .endSpec()
                .build());
    }
}
