package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A PersistentVolumeClaim that holds checkpoints and savepoints, shared by the JobManager and TaskManagers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeStorageSpec {

    /** The access modes a checkpoint volume may have. */
    public enum AccessMode {
        ReadWriteOnce,
        ReadWriteMany
    }

    @Required
    @Size(max = 32)
    @Pattern(ApiPatterns.QUANTITY)
    @JsonPropertyDescription("Size of the volume, for example 10Gi.")
    public String size;

    @Size(max = 253)
    @JsonPropertyDescription("StorageClass of the volume. Unset: the cluster's default class.")
    public String storageClassName;

    @JsonPropertyDescription("ReadWriteOnce (default) places the JobManager and all TaskManagers on one node;"
            + " ReadWriteMany lets them spread. (ReadWriteOncePod cannot be shared by them, so it is not offered.)")
    public AccessMode accessMode;

    @JsonPropertyDescription("Retain (default) keeps the volume, with its checkpoints and savepoints, when the Pipeline is"
            + " deleted: a Pipeline created again with the same name in the same namespace finds it and mounts it"
            + " again. Delete removes the volume with the Pipeline.")
    public DeletionPolicy deletionPolicy;

    public VolumeStorageSpec() {
    }

    public VolumeStorageSpec(String size) {
        this.size = size;
    }

    public DeletionPolicy deletionPolicyOrDefault() {
        return deletionPolicy == null ? DeletionPolicy.Retain : deletionPolicy;
    }
}
