package dev.tributary.runtime.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The calls the operator makes to a pipeline's Flink REST API, on 127.0.0.1:{@code port}. */
public final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    public FlinkRest(int port) {
        this.port = port;
    }

    /** {@code GET /jobs/overview}: the state of the (only) job, or null while the REST API does not answer. */
    public String jobState() {
        try {
            JsonNode jobs = get("/jobs/overview").path("jobs");
            return jobs.size() == 0 ? null : jobs.get(0).path("state").asText();
        } catch (RuntimeException notYet) {
            return null;
        }
    }

    /** {@code GET /jobs/overview}: the id of the (only) job. */
    public String jobId() {
        return get("/jobs/overview").path("jobs").get(0).path("jid").asText();
    }

    /** {@code GET /jobs/<id>}: the parallelism of each of the job's vertices. */
    public List<Integer> vertexParallelism() {
        List<Integer> parallelism = new ArrayList<>();
        get("/jobs/" + jobId()).path("vertices").forEach(v -> parallelism.add(v.path("parallelism").asInt()));
        return parallelism;
    }

    /**
     * {@code POST /jobs/<id>/stop {"drain":false,"targetDirectory":...}}, then {@code GET
     * /jobs/<id>/savepoints/<request-id>} until it completes: the savepoint's location.
     */
    public String stopWithSavepoint(String targetDirectory) {
        String jobId = jobId();
        JsonNode trigger = post("/jobs/" + jobId + "/stop",
                "{\"targetDirectory\":\"" + targetDirectory + "\",\"drain\":false}");
        String triggerId = trigger.path("request-id").asText();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + triggerId);
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    throw new IllegalStateException("stop-with-savepoint failed: " + operation.path("failure-cause"));
                }
                return operation.path("location").asText();
            }
            sleep(200);
        }
        throw new IllegalStateException("stop-with-savepoint did not complete within 120s");
    }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public JsonNode post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("REST " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
