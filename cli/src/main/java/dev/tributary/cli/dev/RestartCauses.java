package dev.tributary.cli.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Why the job failed last, from Flink's exception history (its REST API, what the web UI shows), as one line: the
 * deepest cause of the newest failure and the task it happened in. Each failure is told once.
 */
final class RestartCauses {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LENGTH = 400;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI exceptions;
    private long toldUpTo;

    RestartCauses(int restPort, String jobId) {
        this.exceptions = URI.create("http://127.0.0.1:" + restPort + "/jobs/" + jobId + "/exceptions?maxExceptions=1");
    }

    /** The newest failure not told yet, as one line; empty when there is none (or the REST API does not answer). */
    Optional<String> next() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(exceptions)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return newest(JSON.readTree(response.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    Optional<String> newest(JsonNode body) {
        JsonNode entry = body.path("exceptionHistory").path("entries").path(0);
        long timestamp = entry.path("timestamp").asLong(0);
        if (entry.isMissingNode() || timestamp <= toldUpTo) {
            return Optional.empty();
        }
        toldUpTo = timestamp;
        String cause = rootCause(entry.path("stacktrace").asText(""), entry.path("exceptionName").asText("?"));
        String task = entry.path("taskName").asText("");
        String line = cause + (task.isEmpty() || "null".equals(task) ? "" : " (in " + task + ")");
        return Optional.of(line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "…" : line);
    }

    /** The last "Caused by:" line of a stack trace, else its first line. */
    static String rootCause(String stacktrace, String fallback) {
        String cause = null;
        for (String line : stacktrace.split("\n")) {
            String l = line.strip();
            if (cause == null && !l.isEmpty()) {
                cause = l;
            }
            if (l.startsWith("Caused by: ")) {
                cause = l.substring("Caused by: ".length());
            }
        }
        return cause == null ? fallback : cause;
    }
}
