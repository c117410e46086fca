package dev.tributary.runtime.format;

import dev.tributary.runtime.deadletter.RowJson;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * A sink's rows as JSON: {@link JsonRowWriter} for a flat row of the types it writes, else Flink's own JSON
 * serialization with the same settings ({@link RowJson}). The bytes are the same either way.
 */
public final class JsonRowSerialization implements SerializationSchema<RowData> {

    private static final long serialVersionUID = 1L;

    private final JsonRowWriter writer;
    private final SerializationSchema<RowData> flink;

    public JsonRowSerialization(RowType rowType) {
        this.writer = JsonRowWriter.handles(rowType) ? new JsonRowWriter(rowType) : null;
        this.flink = writer == null ? RowJson.of(rowType) : null;
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
