package dev.tributary.operator.pipeline.build;

import dev.tributary.api.v1alpha1.CheckpointSpec;
import dev.tributary.api.v1alpha1.DeletionPolicy;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.VolumeStorageSpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The PersistentVolumeClaim that holds checkpoints and savepoints, shared by the JobManager and the TaskManagers.
 * A Pipeline without storage gets a 1Gi ReadWriteOnce volume; one that keeps its checkpoints in an object store gets
 * none.
 *
 * <p>With {@code deletionPolicy: Retain} (the default) the claim has no owner reference, so the garbage collector
 * never deletes it with the Pipeline; the {@link #PIPELINE} annotation names the Pipeline it belongs to, and a
 * Pipeline created again with the same name finds it under its deterministic name. With {@code Delete} the Pipeline
 * owns it like every other child. Switching policy adds or removes the owner reference: the operator applies the
 * claim server-side as the only manager of that field, so leaving the reference out removes it.
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

    /** The annotation that ties a retained checkpoint volume to its Pipeline (by name, in the claim's namespace). */
    public static final String PIPELINE = "tributary.dev/pipeline";

    public static Optional<PersistentVolumeClaim> build(Pipeline pipeline) {
        return volumeOf(pipeline).map(volume -> new PersistentVolumeClaimBuilder()
                .withMetadata(metadata(pipeline, volume))
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

    private static ObjectMeta metadata(Pipeline pipeline, VolumeStorageSpec volume) {
        String name = PipelineNames.checkpointVolume(pipeline);
        ObjectMeta metadata = volume.deletionPolicyOrDefault() == DeletionPolicy.Delete
                ? Children.metadata(pipeline, name, PipelineLabels.of(pipeline))
                : Children.unownedMetadata(pipeline, name, PipelineLabels.of(pipeline));
        metadata.setAnnotations(new TreeMap<>(Map.of(PIPELINE, pipeline.getMetadata().getName())));
        return metadata;
    }
}
