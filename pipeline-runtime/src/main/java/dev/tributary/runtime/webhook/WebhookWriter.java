package dev.tributary.runtime.webhook;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.data.RowData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook as a plain Flink sink, for a webhook table used on its own: POSTs each row (see {@link WebhookPoster}),
 * synchronously, so a checkpoint completes only after every row before it was delivered (at-least-once). Without a
 * dead-letter topic to go to, a row that still fails is logged and counted in {@code failedRecords}. In a pipeline
 * the webhook runs as {@link WebhookDelivery}, which dead-letters such rows instead.
 */
final class WebhookWriter implements SinkWriter<RowData> {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookWriter.class);

    private final WebhookSettings settings;
    private final SerializationSchema<RowData> serializer;
    private final WebhookPoster poster;

    WebhookWriter(WebhookSettings settings, SerializationSchema<RowData> serializer, MetricGroup metrics)
            throws IOException {
        this.settings = settings;
        this.serializer = serializer;
        this.poster = new WebhookPoster(settings, metrics);
    }

    @Override
    public void write(RowData row, Context context) throws InterruptedException {
        poster.post(serializer.serialize(row)).ifPresent(problem ->
                LOG.warn("Webhook sink '{}' gave up on a record: {}", settings.sinkName(), problem));
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
