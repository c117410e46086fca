package dev.tributary.operator.common;

import java.util.List;
import java.util.Optional;

/**
 * The namespaces the operator watches ({@code tributary.watch-namespaces}, TRIBUTARY_WATCH_NAMESPACES): empty means
 * every namespace. The same setting drives the Java Operator SDK's controllers ({@code quarkus.operator-sdk.namespaces}
 * in application.properties), so every informer the operator starts stays inside what its RBAC allows.
 */
public record WatchedNamespaces(List<String> names) {

    public WatchedNamespaces {
        names = names.stream().map(String::trim).filter(n -> !n.isEmpty()).distinct().sorted().toList();
    }

    public static WatchedNamespaces of(Optional<List<String>> configured) {
        return new WatchedNamespaces(configured.orElse(List.of()));
    }

    public boolean all() {
        return names.isEmpty();
    }
}
