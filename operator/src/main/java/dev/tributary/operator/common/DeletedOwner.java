package dev.tributary.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Whether the resource a reconcile holds was deleted although the informer's cache still has it. A reconcile can run
 * on such a stale copy: the garbage collector's deletes of its children arrive on other watches than its own
 * deletion. A server-side apply then would create again what the garbage collector just removed (a JobManager for a
 * Pipeline nobody has), so a reconcile asks this, of the API server, before it writes a child.
 */
public final class DeletedOwner {

    private DeletedOwner() {
    }

    public static boolean isDeleted(KubernetesClient client, HasMetadata cached) {
        HasMetadata current = client.resources(cached.getClass()).inNamespace(cached.getMetadata().getNamespace())
                .withName(cached.getMetadata().getName()).get();
        return current == null || current.getMetadata().getDeletionTimestamp() != null
                || !current.getMetadata().getUid().equals(cached.getMetadata().getUid());
    }
}
