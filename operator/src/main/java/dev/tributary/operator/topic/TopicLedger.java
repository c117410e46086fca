package dev.tributary.operator.topic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The topics the operator owes a deletion, in the ConfigMap {@value #NAME} of the operator's own namespace
 * ({@code tributary.topic-ledger-namespace}, by default {@code tributary.operator-namespace}), one
 * entry per owning Source or Sink (by uid). An entry is written before the topic is created and removed when the
 * policy goes back to Retain or the topic was deleted. It replaces a finalizer: nothing in the owner's namespace
 * waits for the operator, so deleting a namespace never blocks, and an operator that comes back — even after its
 * chart was uninstalled and installed again — still finds what it owes.
 */
@ApplicationScoped
public class TopicLedger {

    public static final String NAME = "tributary-topic-ledger";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final String namespace;
    /** The entries as last read or written; only to skip writes that would change nothing. */
    private volatile Map<String, OwedDeletion> known;

    public TopicLedger(KubernetesClient client,
            @ConfigProperty(name = "tributary.topic-ledger-namespace") String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Records that {@code entry}'s topic is to be deleted with its owner (before the topic is created). */
    public void owe(OwedDeletion entry) {
        if (!entry.equals(cached().get(entry.uid()))) {
            change(entries -> {
                entries.put(entry.uid(), entry);
                return entries;
            });
        }
    }

    /** Forgets the deletion owed for the resource {@code uid}: deleted, or no longer asked for. */
    public void forget(String uid) {
        if (cached().containsKey(uid)) {
            change(entries -> {
                entries.remove(uid);
                return entries;
            });
        }
    }

    /** Every deletion owed, read from the API server. */
    public Map<String, OwedDeletion> entries() {
        ConfigMap ledger = client.configMaps().inNamespace(namespace).withName(NAME).get();
        known = Map.copyOf(parse(ledger));
        return known;
    }

    private Map<String, OwedDeletion> cached() {
        Map<String, OwedDeletion> entries = known;
        return entries != null ? entries : entries();
    }

    /** Read, change, write with the read's resourceVersion; a concurrent writer makes it read again. */
    private synchronized void change(UnaryOperator<Map<String, OwedDeletion>> update) {
        for (int attempt = 1; ; attempt++) {
            ConfigMap current = client.configMaps().inNamespace(namespace).withName(NAME).get();
            Map<String, OwedDeletion> entries = update.apply(new HashMap<>(parse(current)));
            Map<String, String> data = new HashMap<>();
            entries.forEach((uid, entry) -> data.put(uid, write(entry)));
            try {
                if (current == null) {
                    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                            .withName(NAME).withNamespace(namespace)
                            .addToLabels("app.kubernetes.io/managed-by", "tributary-operator").endMetadata()
                            .withData(data).build()).create();
                } else {
                    current.setData(data);
                    client.configMaps().inNamespace(namespace).resource(current).update();
                }
                known = Map.copyOf(entries);
                return;
            } catch (KubernetesClientException e) {
                if (attempt >= 5 || (e.getCode() != HttpURLConnection.HTTP_CONFLICT)) {
                    throw new IllegalStateException("cannot write the topic ledger, ConfigMap " + namespace + "/"
                            + NAME + " (the operator needs get, create and update on it): " + e.getMessage(), e);
                }
            }
        }
    }

    private static Map<String, OwedDeletion> parse(ConfigMap ledger) {
        Map<String, OwedDeletion> entries = new HashMap<>();
        if (ledger != null && ledger.getData() != null) {
            ledger.getData().forEach((uid, json) -> entries.put(uid, read(json)));
        }
        return entries;
    }

    private static OwedDeletion read(String json) {
        try {
            return Objects.requireNonNull(JSON.readValue(json, OwedDeletion.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an entry of the topic ledger " + NAME + " is not readable: " + json, e);
        }
    }

    private static String write(OwedDeletion entry) {
        try {
            return JSON.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
