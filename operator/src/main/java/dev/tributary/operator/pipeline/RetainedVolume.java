package dev.tributary.operator.pipeline;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.Pipeline;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.time.Instant;
import java.util.Optional;

/**
 * A checkpoint volume retained from an earlier Pipeline of the same name, found when that name comes back. The new
 * Pipeline mounts it as it is, and its job starts without state: job ids derive from the Pipeline's uid, so the new
 * job never mistakes the earlier one's checkpoints for its own, and nothing on the volume is deleted. What a person
 * needs to know is said once, when the Pipeline is first deployed.
 */
public final class RetainedVolume {

    public static final String REUSED = "CheckpointVolumeReused";

    private RetainedVolume() {
    }

    /**
     * The message for a Pipeline deployed for the first time onto a volume older than itself; empty otherwise.
     *
     * @param observed the checkpoint volume as the cluster has it before this reconcile applies anything; null if none
     */
    public static Optional<String> reused(Pipeline pipeline, PipelinePlan plan, PersistentVolumeClaim observed) {
        boolean firstDeployment = pipeline.getStatus() == null || pipeline.getStatus().deployedJobId == null;
        if (!firstDeployment || observed == null || plan.checkpoints() == null) {
            return Optional.empty();
        }
        Instant volumeCreated = created(observed.getMetadata().getCreationTimestamp());
        Instant pipelineCreated = created(pipeline.getMetadata().getCreationTimestamp());
        // whole seconds: a volume made in the second the Pipeline was created is taken as its own
        if (volumeCreated == null || pipelineCreated == null || !volumeCreated.isBefore(pipelineCreated)) {
            return Optional.empty();
        }
        return Optional.of("Mounting the checkpoint volume " + observed.getMetadata().getName() + " retained from an"
                + " earlier Pipeline named " + pipeline.getMetadata().getName() + " (volume created "
                + volumeCreated + "). The job starts without state, reading its Sources from the offsets its consumer"
                + " group committed last; the earlier checkpoints under " + plan.checkpoints().directory()
                + " and savepoints under " + plan.checkpoints().savepointDirectory()
                + " stay on the volume untouched. Delete the volume by hand if they are no longer needed.");
    }

    private static Instant created(String timestamp) {
        return timestamp == null ? null : Instant.parse(timestamp);
    }
}
