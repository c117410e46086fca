package dev.tributary.e2e.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
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

    private static Optional<String> label(String line, String name) {
        int at = line.indexOf(name + "=\"");
        if (at < 0) {
            return Optional.empty();
        }
        int start = at + name.length() + 2;
        return Optional.of(line.substring(start, line.indexOf('"', start)));
    }
}
