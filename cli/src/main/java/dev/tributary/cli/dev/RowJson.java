package dev.tributary.cli.dev;

import java.nio.charset.StandardCharsets;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonFormatOptions;
import org.apache.flink.formats.json.JsonRowDataSerializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Renders rows as a JSON sink writes them (ISO-8601 timestamps, decimals as plain numbers), so that records read
 * back from Avro or Parquet print like the JSON ones.
 */
final class RowJson {

    private final JsonRowDataSerializationSchema json;

    RowJson(RowType type) {
        json = new JsonRowDataSerializationSchema(type, TimestampFormat.ISO_8601,
                JsonFormatOptions.MapNullKeyMode.LITERAL, "null", true, false);
        try {
            json.open(null);
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare JSON rendering for " + type, e);
        }
    }

    String render(RowData row) {
        return new String(json.serialize(row), StandardCharsets.UTF_8);
    }
}
