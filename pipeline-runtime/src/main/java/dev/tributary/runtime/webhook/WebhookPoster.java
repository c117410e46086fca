package dev.tributary.runtime.webhook;

import dev.tributary.runtime.Metrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * POSTs one JSON body, synchronously, retrying a connection error, a timeout, 408, 429 and 5xx with exponential
 * backoff (honouring Retry-After in seconds, capped at the longest backoff); other 4xx answers are permanent. Each
 * attempt is bounded by the timeout as a whole (headers and body), so a receiver that never answers costs at most
 * {@code (retries + 1) * timeout} plus the backoffs, never a stuck sink.
 */
final class WebhookPoster {

    private final WebhookSettings settings;
    private final HttpClient client;
    private final URI uri;
    private final String authorization;
    private final Counter delivered;
    private final Counter failedRecords;
    private final Counter retries;

    WebhookPoster(WebhookSettings settings, MetricGroup metrics) throws IOException {
        this.settings = settings;
        this.uri = URI.create(settings.url());
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        this.authorization = settings.authorizationFile() == null ? null
                : Files.readString(Path.of(settings.authorizationFile()), StandardCharsets.UTF_8).strip();
        MetricGroup group = Metrics.sinkGroup(metrics, settings.sinkName());
        this.delivered = group.counter(Metrics.DELIVERED_RECORDS);
        this.failedRecords = group.counter(Metrics.FAILED_RECORDS);
        this.retries = group.counter(Metrics.RETRIES);
    }

    /** Empty once the receiver accepted the body; otherwise why it was given up (the last status or error). */
    Optional<String> post(byte[] body) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "tributary-webhook")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpRequest built = request.build();
        String lastProblem = null;
        int attempt = 0;
        for (; attempt <= settings.maxRetries(); attempt++) {
            Duration wait = null;
            if (attempt > 0) {
                retries.inc();
            }
            CompletableFuture<HttpResponse<Void>> sent = client.sendAsync(built, HttpResponse.BodyHandlers.discarding());
            try {
                HttpResponse<Void> response = sent.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    delivered.inc();
                    return Optional.empty();
                }
                lastProblem = "HTTP " + status;
                if (!retryable(status)) {
                    break;
                }
                wait = retryAfter(response);
            } catch (TimeoutException e) {
                sent.cancel(true);
                lastProblem = "no answer within " + settings.timeout().toMillis() + " ms";
            } catch (ExecutionException e) {
                lastProblem = String.valueOf(e.getCause());
            } catch (InterruptedException e) {
                sent.cancel(true);
                throw e;
            }
            if (attempt < settings.maxRetries()) {
                Thread.sleep((wait != null ? wait : settings.backoff(attempt + 1)).toMillis());
            }
        }
        failedRecords.inc();
        int retried = Math.min(attempt, settings.maxRetries());
        return Optional.of("webhook " + uri + " answered " + lastProblem + " after " + retried
                + (retried == 1 ? " retry" : " retries"));
    }

    static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long seconds = Math.max(0, Long.parseLong(v.trim()));
                return Optional.of(Duration.ofSeconds(Math.min(seconds, settings.maxBackoff().toSeconds())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }).orElse(null);
    }
}
