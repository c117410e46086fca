package dev.tributary.cli.dev;

import java.io.IOException;
import java.util.HexFormat;
import java.util.function.Function;
import org.apache.flink.formats.avro.AvroRowDataDeserializationSchema;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

/**
 * Turns a sink's Avro records (plain Avro binary, the writer schema derived from the sink's row type as the runtime
 * writes it) into JSON text; a record that does not decode is shown as hex, with the reason.
 */
final class AvroRecordText implements Function<byte[], String> {

    private final AvroRowDataDeserializationSchema avro;
    private final RowJson json;

    AvroRecordText(RowType type) {
        avro = new AvroRowDataDeserializationSchema(type, InternalTypeInfo.of(type));
        try {
            avro.open(null);
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare Avro decoding for " + type, e);
        }
        json = new RowJson(type);
    }

    @Override
    public String apply(byte[] value) {
        try {
            return json.render(avro.deserialize(value));
        } catch (IOException | RuntimeException e) {
            return "(not Avro of the sink's schema: " + e.getMessage() + ") " + HexFormat.of().formatHex(value);
        }
    }
}
