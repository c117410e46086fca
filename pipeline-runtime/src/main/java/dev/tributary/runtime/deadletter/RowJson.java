package dev.tributary.runtime.deadletter;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonFormatOptions;
import org.apache.flink.formats.json.JsonRowDataSerializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/** A row as the value of its dead letter: JSON, ISO-8601 timestamps, nulls written out, decimals as plain numbers. */
public final class RowJson {

    private RowJson() {
    }

    public static SerializationSchema<RowData> of(RowType rowType) {
        return new JsonRowDataSerializationSchema(rowType, TimestampFormat.ISO_8601,
                JsonFormatOptions.MapNullKeyMode.LITERAL, "null", true, false);
    }
}
