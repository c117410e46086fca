package dev.tributary.operator.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.api.v1alpha1.Pipeline;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * {@link FlinkJobs} over the JobManager's REST API (the endpoints Flink documents under "REST API"): jobs overview,
 * job config, checkpoint statistics, exception history, the restart metric, and asynchronous stop-with-savepoint.
 */
public class FlinkRestJobs implements FlinkJobs {

    /** The runtime puts the plan's hash into the job's global parameters under this key. */
    public static final String PLAN_HASH_PARAMETER = "tributary.plan-hash";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(FlinkRestJobs.class);
    private static final int MAX_ERROR_LENGTH = 300;

    private final JobManagerEndpoints endpoints;
    private final HttpClient http;
    private final Duration timeout;

    public FlinkRestJobs(JobManagerEndpoints endpoints, Duration timeout) {
        this.endpoints = endpoints;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public Optional<FlinkJob> job(Pipeline pipeline) {
        URI base = endpoints.restEndpoint(pipeline);
        JsonNode jobs = get(base, "/jobs/overview").path("jobs");
        Optional<JsonNode> chosen = StreamSupport.stream(jobs.spliterator(), false)
                .max(Comparator.comparing((JsonNode j) -> !isTerminal(j.path("state").asText()))
                        .thenComparingLong(j -> j.path("start-time").asLong()));
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        JsonNode overview = chosen.get();
        String id = overview.path("jid").asText();
        JsonNode checkpoints = get(base, "/jobs/" + id + "/checkpoints");
        JsonNode completed = checkpoints.path("latest").path("completed");
        FlinkJob.Checkpoint last = completed.isObject()
                ? new FlinkJob.Checkpoint(completed.path("id").asLong(),
                        Instant.ofEpochMilli(completed.path("latest_ack_timestamp").asLong()),
                        text(completed.path("external_path")))
                : null;
        JsonNode restored = checkpoints.path("latest").path("restored");
        JsonNode failed = checkpoints.path("latest").path("failed");
        String checkpointFailure = failed.isObject() && (last == null
                || failed.path("id").asLong() > last.id()) ? oneLine(failed.path("failure_message").asText("failed")) : null;
        String planHash = text(get(base, "/jobs/" + id + "/config").path("execution-config").path("user-config")
                .path(PLAN_HASH_PARAMETER));
        JsonNode lastException = lastException(base, id);
        return Optional.of(new FlinkJob(id, overview.path("state").asText(),
                Instant.ofEpochMilli(overview.path("start-time").asLong()), restarts(base, id),
                lastException == null ? null : lastError(lastException),
                lastException == null || !lastException.path("timestamp").canConvertToLong()
                        || lastException.path("timestamp").asLong() <= 0 ? null
                        : Instant.ofEpochMilli(lastException.path("timestamp").asLong()),
                last, planHash, restored.isObject() ? text(restored.path("external_path")) : null, checkpointFailure));
    }

    @Override
    public void stopWithSavepoint(Pipeline pipeline, String jobId, String triggerId) {
        ObjectNode body = JSON.createObjectNode().put("drain", false).put("formatType", "CANONICAL")
                .put("triggerId", triggerId);
        send(endpoints.restEndpoint(pipeline), "/jobs/" + jobId + "/stop", body);
    }

    @Override
    public SavepointProgress savepoint(Pipeline pipeline, String jobId, String triggerId) {
        JsonNode answer;
        try {
            answer = get(endpoints.restEndpoint(pipeline), "/jobs/" + jobId + "/savepoints/" + triggerId);
        } catch (NotFound e) {
            return SavepointProgress.unknown();
        }
        if (!"COMPLETED".equals(answer.path("status").path("id").asText())) {
            return SavepointProgress.inProgress();
        }
        JsonNode operation = answer.path("operation");
        String location = text(operation.path("location"));
        if (location != null) {
            return SavepointProgress.completed(location);
        }
        return SavepointProgress.failed(oneLine(operation.path("failure-cause").path("stack-trace").asText(
                operation.path("failure-cause").toString())));
    }

    @Override
    public Optional<String> savepointSince(Pipeline pipeline, String jobId, Instant since) {
        JsonNode savepoint = get(endpoints.restEndpoint(pipeline), "/jobs/" + jobId + "/checkpoints")
                .path("latest").path("savepoint");
        if (!savepoint.isObject() || savepoint.path("trigger_timestamp").asLong() < since.toEpochMilli()) {
            return Optional.empty();
        }
        return Optional.ofNullable(text(savepoint.path("external_path")));
    }

    private long restarts(URI base, String id) {
        for (JsonNode metric : get(base, "/jobs/" + id + "/metrics?get=numRestarts")) {
            if ("numRestarts".equals(metric.path("id").asText())) {
                return metric.path("value").asLong();
            }
        }
        return 0;
    }

    /** The newest entry of the job's exception history (Flink lists it newest first); null when there is none. */
    private JsonNode lastException(URI base, String id) {
        JsonNode entries = get(base, "/jobs/" + id + "/exceptions?maxExceptions=1").path("exceptionHistory")
                .path("entries");
        return entries.isArray() && !entries.isEmpty() ? entries.get(0) : null;
    }

    private static String lastError(JsonNode entry) {
        String trace = entry.path("stacktrace").asText("");
        return oneLine(trace.isBlank() ? entry.path("exceptionName").asText() : trace);
    }

    /** The innermost "Caused by" of a stack trace, or its first line: what a person can act on. */
    static String oneLine(String trace) {
        String line = trace.lines().findFirst().orElse("").strip();
        for (String l : (Iterable<String>) trace.lines()::iterator) {
            if (l.startsWith("Caused by: ")) {
                line = l.substring("Caused by: ".length()).strip();
            }
        }
        return line.length() > MAX_ERROR_LENGTH ? line.substring(0, MAX_ERROR_LENGTH - 1) + "…" : line;
    }

    private static boolean isTerminal(String state) {
        return "FINISHED".equals(state) || "CANCELED".equals(state) || "FAILED".equals(state);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || node.asText().isEmpty() ? null : node.asText();
    }

    /**
     * Why a request failed, in words that stay the same while the cause does: the message goes into the Pipeline's
     * status, and a refused connection and a connect timeout alternating under load rewrote the status and recorded
     * an event on every resync (bench B5, 1,000 Pipelines whose JobManagers never answer).
     */
    String why(IOException e) {
        if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException
                || e instanceof UnknownHostException || e.getCause() instanceof ConnectException) {
            return "no connection: refused, unresolved or timed out after " + seconds(timeout);
        }
        if (e instanceof HttpTimeoutException) {
            return "connected, but no answer within " + seconds(timeout);
        }
        return e.getClass().getName();
    }

    private static String seconds(Duration duration) {
        return java.math.BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + "s";
    }

    JsonNode get(URI base, String path) {
        return exchange(base, path, HttpRequest.newBuilder(resolve(base, path)).GET());
    }

    private JsonNode send(URI base, String path, JsonNode body) {
        return exchange(base, path, HttpRequest.newBuilder(resolve(base, path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private JsonNode exchange(URI base, String path, HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // The status gets words that stay put; the exception itself, with its detail, goes to the log.
            LOG.debugf(e, "request %s%s to the JobManager failed", base, path);
            throw new FlinkUnreachableException("the JobManager at " + base + " does not answer (" + why(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkUnreachableException("interrupted while asking the JobManager at " + base, e);
        }
        if (response.statusCode() == 404) {
            throw new NotFound(base + path);
        }
        if (response.statusCode() >= 300) {
            throw new FlinkUnreachableException("the JobManager at " + base + " answered " + path + " with HTTP "
                    + response.statusCode() + ": " + oneLine(response.body()));
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new FlinkUnreachableException("the JobManager at " + base + " answered " + path
                    + " with something that is not JSON", e);
        }
    }

    private static URI resolve(URI base, String path) {
        String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
        return URI.create(root + path);
    }

    /** Flink does not know what was asked for: an unknown job or savepoint request. */
    static final class NotFound extends FlinkUnreachableException {
        NotFound(String what) {
            super("not found: " + what);
        }
    }
}
