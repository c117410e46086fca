package dev.tributary.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Where an event source may cache a pruned copy of what it watches. The Java Operator SDK (5.2) hands an event
 * source's one item store to the informer of every namespace the controller watches, and each informer's (re)list
 * drops from its store what its own namespace did not list: with several namespaces in one store, every relist would
 * remove the other namespaces' objects (and report them deleted). So a pruning store only where there is one informer
 * per event source: the controller watches every namespace, or one. With a list of namespaces the caches hold whole
 * objects, as the SDK's default store does, one per informer.
 */
public final class PrunedCaches {

    private PrunedCaches() {
    }

    /** @param namespaces the controller's effective namespaces (the SDK's all-namespaces marker counts as one) */
    public static <R extends HasMetadata> Optional<ItemStore<R>> store(Set<String> namespaces, UnaryOperator<R> kept) {
        return namespaces.size() == 1 ? Optional.of(new TransformingItemStore<>(kept)) : Optional.empty();
    }
}
