package dev.tributary.runtime.webhook;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.table.data.RowData;

/** The Flink sink behind a webhook table. */
public final class WebhookSink implements Sink<RowData> {

    private final WebhookSettings settings;
    private final SerializationSchema<RowData> serializer;

    public WebhookSink(WebhookSettings settings, SerializationSchema<RowData> serializer) {
        this.settings = settings;
        this.serializer = serializer;
    }

    @Override
    public SinkWriter<RowData> createWriter(WriterInitContext context) throws IOException {
        try {
            serializer.open(context.asSerializationSchemaInitializationContext());
        } catch (Exception e) {
            throw new IOException("cannot open the webhook's JSON encoder", e);
        }
        return new WebhookWriter(settings, serializer, context.metricGroup());
    }
}
