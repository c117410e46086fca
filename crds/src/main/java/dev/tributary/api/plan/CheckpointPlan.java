package dev.tributary.api.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;

/** Checkpointing: how often, how long one may take, the guarantee, and where checkpoints and savepoints go. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckpointPlan(long intervalMs, long timeoutMs, DeliveryGuarantee guarantee, String directory,
        String savepointDirectory, int retained, SecretCredentials objectStoreCredentials) {
}
