package dev.tributary.api.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;

/**
 * Checkpointing: how often, how long one may take, the guarantee, and where checkpoints and savepoints go. For an
 * S3-compatible object store, its endpoint and addressing; the credentials only as a reference to a Secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckpointPlan(long intervalMs, long timeoutMs, DeliveryGuarantee guarantee, String directory,
        String savepointDirectory, int retained, SecretCredentials objectStoreCredentials,
        String objectStoreEndpoint, Boolean objectStorePathStyleAccess) {

    /** Checkpoints on a volume, or on AWS S3 (no endpoint of its own). */
    public CheckpointPlan(long intervalMs, long timeoutMs, DeliveryGuarantee guarantee, String directory,
            String savepointDirectory, int retained, SecretCredentials objectStoreCredentials) {
        this(intervalMs, timeoutMs, guarantee, directory, savepointDirectory, retained, objectStoreCredentials, null,
                null);
    }

    static final String CHECKPOINTS = "/checkpoints";
    static final String SAVEPOINTS = "/savepoints";

    /** Whether checkpoints go to an object store (any scheme but file:) rather than a volume. */
    public boolean inObjectStore() {
        return directory != null && directory.matches("[A-Za-z][A-Za-z0-9+.-]*://.*") && !directory.startsWith("file:");
    }

    /**
     * The same checkpointing kept on a volume mounted at {@code volumeStateDirectory} instead, with no object-store
     * settings: how {@code tributary dev} stands in for an object store with its state folder.
     */
    public CheckpointPlan onVolume(String volumeStateDirectory) {
        String base = volumeStateDirectory.endsWith("/")
                ? volumeStateDirectory.substring(0, volumeStateDirectory.length() - 1) : volumeStateDirectory;
        return new CheckpointPlan(intervalMs, timeoutMs, guarantee, base + CHECKPOINTS, base + SAVEPOINTS, retained,
                null);
    }
}
