package dev.tributary.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WatchedNamespacesTest {

    @Test
    void unsetMeansEveryNamespace() {
        assertThat(WatchedNamespaces.of(Optional.empty()).all()).isTrue();
        assertThat(WatchedNamespaces.of(Optional.of(List.of(" ", ""))).all()).isTrue();
    }

    @Test
    void namesAreTrimmedDeduplicatedAndSorted() {
        WatchedNamespaces watched = WatchedNamespaces.of(Optional.of(List.of(" shop", "billing", "shop ")));
        assertThat(watched.all()).isFalse();
        assertThat(watched.names()).containsExactly("billing", "shop");
    }
}
