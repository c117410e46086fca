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
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.data.RowData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each row as JSON, synchronously, so a checkpoint completes only after every row before it was delivered
 * (at-least-once). A connection error, a timeout, 408, 429 and 5xx are retried with exponential backoff (honouring
 * Retry-After in seconds); other 4xx answers are permanent. A row that still fails is logged and counted in
 * {@code failedRecords} rather than failing the job, so one unreachable alert endpoint cannot stop a pipeline.
 */
final class WebhookWriter implements SinkWriter<RowData> {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookWriter.class);

    private final WebhookSettings settings;
    private final SerializationSchema<RowData> serializer;
    private final HttpClient client;
    private final URI uri;
    private final String authorization;
    private final Counter delivered;
    private final Counter failedRecords;
    private final Counter retries;

    WebhookWriter(WebhookSettings settings, SerializationSchema<RowData> serializer, MetricGroup metrics)
            throws IOException {
        this.settings = settings;
        this.serializer = serializer;
        this.uri = URI.create(settings.url());
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        this.authorization = settings.authorizationFile() == null ? null
                : Files.readString(Path.of(settings.authorizationFile()), StandardCharsets.UTF_8).strip();
        MetricGroup group = Metrics.sinkGroup(metrics, settings.sinkName());
        this.delivered = group.counter(Metrics.DELIVERED_RECORDS);
        this.failedRecords = group.counter(Metrics.FAILED_RECORDS);
        this.retries = group.counter(Metrics.RETRIES);
    }

    @Override
    public void write(RowData row, Context context) throws IOException, InterruptedException {
        byte[] body = serializer.serialize(row);
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
        for (int attempt = 0; attempt <= settings.maxRetries(); attempt++) {
            Duration wait = null;
            if (attempt > 0) {
                retries.inc();
            }
            try {
                HttpResponse<Void> response = client.send(built, HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    delivered.inc();
                    return;
                }
                lastProblem = "HTTP " + status;
                if (!retryable(status)) {
                    break;
                }
                wait = retryAfter(response);
            } catch (IOException e) {
                lastProblem = e.toString();
            }
            if (attempt < settings.maxRetries()) {
                Thread.sleep((wait != null ? wait : settings.backoff(attempt + 1)).toMillis());
            }
        }
        failedRecords.inc();
        LOG.warn("Webhook sink '{}' gave up on a record after {} retries: {} from {}", settings.sinkName(),
                settings.maxRetries(), lastProblem, uri);
    }

    static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long seconds = Long.parseLong(v.trim());
                return java.util.Optional.of(Duration.ofSeconds(Math.min(seconds, settings.maxBackoff().toSeconds())));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        }).orElse(null);
    }

    @Override
    public void flush(boolean endOfInput) {
        // every write completes before it returns
    }

    @Override
    public void close() {
        // HttpClient holds no resources that need closing on Java 17
    }
}
