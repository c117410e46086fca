package dev.tributary.runtime.source;

import java.io.IOException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.formats.avro.AvroRowDataDeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * Plain Avro binary (no container file, no registry prefix) in the schema Flink derives from the declared columns,
 * the same encoding Flink's {@code avro} format writes, so a Kafka sink with format avro feeds a source with it.
 */
public final class AvroDecoder implements RecordDecoder {

    static {
        // Avro trusts length prefixes; cap them so a corrupt record is a bad record, not an OutOfMemoryError.
        System.setProperty("org.apache.avro.limits.bytes.maxLength",
                System.getProperty("org.apache.avro.limits.bytes.maxLength", String.valueOf(64 << 20)));
        System.setProperty("org.apache.avro.limits.string.maxLength",
                System.getProperty("org.apache.avro.limits.string.maxLength", String.valueOf(64 << 20)));
        System.setProperty("org.apache.avro.limits.collectionItems.maxLength",
                System.getProperty("org.apache.avro.limits.collectionItems.maxLength", String.valueOf(1 << 20)));
    }

    private final AvroRowDataDeserializationSchema schema;

    public AvroDecoder(RowType rowType) {
        this.schema = new AvroRowDataDeserializationSchema(rowType, InternalTypeInfo.of(rowType));
        try {
            schema.open(new DeserializationSchema.InitializationContext() {
                @Override
                public MetricGroup getMetricGroup() {
                    return new UnregisteredMetricsGroup();
                }

                @Override
                public UserCodeClassLoader getUserCodeClassLoader() {
                    return SimpleUserCodeClassLoader.create(AvroDecoder.class.getClassLoader());
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare the Avro decoder: " + e.getMessage(), e);
        }
    }

    @Override
    public RowData decode(byte[] value) throws BadRecordException {
        try {
            RowData row = schema.deserialize(value);
            if (row == null) {
                throw new BadRecordException("empty Avro record");
            }
            return row;
        } catch (IOException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new BadRecordException("malformed Avro: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), e);
        }
    }
}
