package dev.tributary.runtime.format;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonFormatOptions;
import org.apache.flink.formats.json.JsonRowDataSerializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * A sink's rows as JSON: {@link JsonRowWriter} for a flat row of the types it writes, else Flink's own JSON
 * serialization with the settings Kafka sinks always had (ISO-8601, decimals plain, nulls written, a null map key
 * refused). The bytes are the same either way.
 */
public final class JsonRowSerialization implements SerializationSchema<RowData> {

    private static final long serialVersionUID = 1L;

    private final JsonRowWriter writer;
    private final SerializationSchema<RowData> flink;

    public JsonRowSerialization(RowType rowType) {
        this.writer = JsonRowWriter.handles(rowType) ? new JsonRowWriter(rowType) : null;
        this.flink = writer == null ? new JsonRowDataSerializationSchema(rowType, TimestampFormat.ISO_8601,
                JsonFormatOptions.MapNullKeyMode.FAIL, "null", true, false) : null;
    }

    /** Whether rows of this type take the direct path. */
    public boolean direct() {
        return writer != null;
    }

    @Override
    public void open(InitializationContext context) throws Exception {
        if (flink != null) {
            flink.open(context);
        }
    }

    @Override
    public byte[] serialize(RowData row) {
        return writer != null ? writer.write(row) : flink.serialize(row);
    }
}
