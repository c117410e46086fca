package dev.tributary.e2e.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The API server's own count of write requests, by resource (and subresource) and verb, from its /metrics. */
final class ApiWrites {

    private static final List<String> WRITE_VERBS = List.of("POST", "PUT", "PATCH", "DELETE", "APPLY");

    private ApiWrites() {
    }

    static Map<String, Double> on(KubernetesClient client, List<String> resources) {
        String metrics = client.raw("/metrics");
        Map<String, Double> writes = new TreeMap<>();
        for (String line : metrics.split("\n")) {
            if (!line.startsWith("apiserver_request_total{")) {
                continue;
            }
            String verb = label(line, "verb").orElse("");
            String resource = label(line, "resource").orElse("");
            if (WRITE_VERBS.contains(verb) && resources.contains(resource)) {
                String subresource = label(line, "subresource").filter(s -> !s.isEmpty()).map(s -> "/" + s).orElse("");
                writes.merge(resource + subresource + " " + verb,
                        Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            }
        }
        return writes;
    }

    /**
     * The writes to objects of one namespace that the API server's audit log recorded from {@code since} on, by
     * resource (and subresource) and verb: unlike the server-wide counters, a write another suite's objects cause
     * elsewhere (the controller-manager's events about a volume claim, say) does not count.
     */
    /**
     * The writes to {@code resources} while {@code window} passes: from the audit log, only those to objects in
     * {@code namespace} (other suites' objects make the controller-manager write events meanwhile); where the
     * cluster keeps no audit log, the server-wide counters' difference.
     */
    static Map<String, Double> during(dev.tributary.e2e.cluster.TestCluster cluster, String namespace,
            List<String> resources, java.time.Duration window) throws InterruptedException {
        Map<String, Double> before = on(cluster.client(), resources);
        Instant since = Instant.now();
        Thread.sleep(window.toMillis());
        Instant until = Instant.now();
        if (cluster.auditLog().isPresent()) {
            Map<String, Double> writes = new TreeMap<>();
            inNamespace(cluster.auditLog().get(), namespace, resources, since, until)
                    .forEach((k, v) -> writes.put(k, v.doubleValue()));
            return writes;
        }
        Map<String, Double> after = on(cluster.client(), resources);
        Map<String, Double> writes = new TreeMap<>();
        after.forEach((k, v) -> {
            double d = v - before.getOrDefault(k, 0.0);
            if (d > 0) {
                writes.put(k, d);
            }
        });
        return writes;
    }

    static Map<String, Long> inNamespace(Path auditLog, String namespace, List<String> resources, Instant since,
            Instant until) {
        Map<String, Long> writes = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<String> lines = Files.lines(auditLog)) {
            for (String line : (Iterable<String>) lines::iterator) {
                JsonNode event = json.readTree(line);
                JsonNode ref = event.path("objectRef");
                String verb = event.path("verb").asText();
                if (!"ResponseComplete".equals(event.path("stage").asText())
                        || !namespace.equals(ref.path("namespace").asText())
                        || !resources.contains(ref.path("resource").asText())
                        || !List.of("create", "update", "patch", "delete", "deletecollection").contains(verb)
                        || Instant.parse(event.path("requestReceivedTimestamp").asText()).isBefore(since)
                        || Instant.parse(event.path("requestReceivedTimestamp").asText()).isAfter(until)) {
                    continue;
                }
                String subresource = ref.has("subresource") ? "/" + ref.path("subresource").asText() : "";
                writes.merge(ref.path("resource").asText() + subresource + " " + verb, 1L, Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writes;
    }

    private static Optional<String> label(String line, String name) {
        int at = line.indexOf(name + "=\"");
        if (at < 0) {
            return Optional.empty();
        }
        int start = at + name.length() + 2;
        return Optional.of(line.substring(start, line.indexOf('"', start)));
    }
}
