package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Where checkpoints and savepoints are kept: exactly one of volume or objectStore. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.volume) != has(self.objectStore)",
        message = "set exactly one of checkpoints.storage.volume or checkpoints.storage.objectStore")
public class CheckpointStorageSpec {

    @JsonPropertyDescription("A PersistentVolumeClaim that Tributary creates for the pipeline.")
    public VolumeStorageSpec volume;

    @JsonPropertyDescription("An object-store location such as s3://bucket/checkpoints.")
    public ObjectStoreSpec objectStore;
}
