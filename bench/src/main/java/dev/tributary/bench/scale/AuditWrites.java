package dev.tributary.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The writes one client made, as the API server's audit log records them ({@code e2e}'s audit policy logs every
 * write): by user agent, since the controller-manager writes pods, ReplicaSets and events in the same namespace and
 * the benchmark itself writes the Pipelines. Unlike e2e's {@code ApiWrites}, which counts everything in a namespace.
 */
final class AuditWrites {

    private static final List<String> WRITE_VERBS = List.of("create", "update", "patch", "delete", "deletecollection");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditWrites() {
    }

    /**
     * Writes from {@code userAgentPrefix} received in [{@code since}, {@code until}], by namespace-qualified kind:
     * {@code "resource[/subresource] verb"} for writes in {@code namespace}, {@code "elsewhere: …"} for the others
     * (leases, the topic ledger), so both show.
     */
    static Map<String, Long> count(Path auditLog, String userAgentPrefix, String namespace, Instant since,
            Instant until) {
        Map<String, Long> writes = new TreeMap<>();
        try (Stream<String> lines = Files.lines(auditLog)) {
            lines.forEach(line -> countLine(line, userAgentPrefix, namespace, since, until, writes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writes;
    }

    static long total(Map<String, Long> writes) {
        return writes.entrySet().stream().filter(e -> !e.getKey().startsWith("elsewhere"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static void countLine(String line, String userAgentPrefix, String namespace, Instant since,
            Instant until, Map<String, Long> writes) {
        if (line.isBlank() || !line.contains(userAgentPrefix)) {
            return;
        }
        JsonNode event;
        try {
            event = JSON.readTree(line);
        } catch (IOException e) {
            return; // the line the server is writing right now
        }
        String verb = event.path("verb").asText();
        if (!"ResponseComplete".equals(event.path("stage").asText())
                || !event.path("userAgent").asText().startsWith(userAgentPrefix) || !WRITE_VERBS.contains(verb)) {
            return;
        }
        Instant at = Instant.parse(event.path("requestReceivedTimestamp").asText());
        if (at.isBefore(since) || at.isAfter(until)) {
            return;
        }
        JsonNode ref = event.path("objectRef");
        String subresource = ref.hasNonNull("subresource") ? "/" + ref.path("subresource").asText() : "";
        String key = ref.path("resource").asText() + subresource + " " + verb;
        if (!namespace.equals(ref.path("namespace").asText())) {
            key = "elsewhere: " + ref.path("namespace").asText() + " " + key;
        }
        writes.merge(key, 1L, Long::sum);
    }
}
