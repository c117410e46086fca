package dev.tributary.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrunedCachesTest {

    @Test
    void oneInformerForAllNamespacesOrForOneMayPruneWhatItCaches() {
        for (Set<String> namespaces : Set.of(Set.of(Constants.WATCH_ALL_NAMESPACES), Set.of("shop"))) {
            Optional<ItemStore<ConfigMap>> store = PrunedCaches.store(namespaces, c -> {
                c.setData(null);
                return c;
            });
            assertThat(store).as(namespaces.toString()).isPresent();
            ConfigMap plan = new ConfigMapBuilder().withNewMetadata().withNamespace("shop").withName("plan")
                    .withResourceVersion("7").endMetadata().addToData("plan.json", "{}").build();
            store.get().put(store.get().getKey(plan), plan);
            assertThat(store.get().get("shop/plan").getData()).isNull();
            assertThat(store.get().get("shop/plan").getMetadata().getResourceVersion()).isEqualTo("7");
        }
    }

    @Test
    void informersOfSeveralNamespacesWouldShareOneStoreSoTheyKeepTheSdksOwn() {
        assertThat(PrunedCaches.<ConfigMap>store(Set.of("shop", "billing"), c -> c)).isEmpty();
    }
}
