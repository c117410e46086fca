package dev.tributary.runtime.generator;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.formats.avro.AvroRowDataSerializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * A row as plain Avro binary in the schema Flink derives from the declared columns (no container file, no registry
 * prefix): what the runtime's Avro decoder reads, and what Flink's {@code avro} format writes.
 */
final class AvroRecordEncoder implements RecordEncoder {

    private final AvroRowDataSerializationSchema schema;

    AvroRecordEncoder(RowType rowType) {
        try {
            this.schema = new AvroRowDataSerializationSchema(rowType);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("avro cannot carry the Source's schema: " + e.getMessage(), e);
        }
        try {
            schema.open(new SerializationSchema.InitializationContext() {
                @Override
                public MetricGroup getMetricGroup() {
                    return new UnregisteredMetricsGroup();
                }

                @Override
                public UserCodeClassLoader getUserCodeClassLoader() {
                    return SimpleUserCodeClassLoader.create(AvroRecordEncoder.class.getClassLoader());
                }
            });
        } catch (Exception e) {
            throw new IllegalArgumentException("avro cannot carry the Source's schema: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] encode(GenericRowData row) {
        return schema.serialize(row);
    }
}
