package dev.tributary.runtime.webhook;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

/** A table that POSTs each inserted row; alerts are facts, so only inserts are accepted. */
public final class WebhookTableSink implements DynamicTableSink {

    private final WebhookSettings settings;
    private final EncodingFormat<SerializationSchema<RowData>> format;
    private final DataType rowType;

    WebhookTableSink(WebhookSettings settings, EncodingFormat<SerializationSchema<RowData>> format, DataType rowType) {
        this.settings = settings;
        this.format = format;
        this.rowType = rowType;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return ChangelogMode.insertOnly();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        return SinkV2Provider.of(new WebhookSink(settings, format.createRuntimeEncoder(context, rowType)));
    }

    /** The webhook as a function that hands on, as dead letters, the rows it could not deliver. */
    public WebhookDelivery delivery(Context context) {
        return new WebhookDelivery(settings, format.createRuntimeEncoder(context, rowType));
    }

    public String sinkName() {
        return settings.sinkName();
    }

    @Override
    public DynamicTableSink copy() {
        return new WebhookTableSink(settings, format, rowType);
    }

    @Override
    public String asSummaryString() {
        return "webhook " + settings.url();
    }
}
