package dev.tributary.runtime.ingest;

import dev.tributary.api.plan.SourcePlan;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.runtime.generator.RecordEncoder;
import dev.tributary.runtime.source.BadRecordException;
import dev.tributary.runtime.source.Columns;
import dev.tributary.runtime.source.JsonDecoder;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Checks one posted JSON record against the Source's schema with the runtime's own JSON decoder (so a refusal uses
 * the words of the runtime's dead letters) and gives the bytes to write: the record as sent for a JSON Source, the
 * decoded row in the Source's format (csv, avro, raw) otherwise. Decoders keep per-record state: one per thread.
 */
final class RecordCheck {

    private final RecordFormat format;
    private final ThreadLocal<JsonDecoder> decoders;
    private final ThreadLocal<RecordEncoder> encoders;

    RecordCheck(SourcePlan source) {
        RowType rowType = Columns.of(source.fields()).rowType();
        this.format = source.format();
        this.decoders = ThreadLocal.withInitial(() -> new JsonDecoder(rowType));
        this.encoders = ThreadLocal.withInitial(() -> RecordEncoder.forFormat(format, rowType));
        decoders.get();
        encoders.get(); // a schema the format cannot carry fails here, at start, not on the first request
    }

    byte[] valueOf(byte[] json) throws BadRecordException {
        if (format == RecordFormat.JSON) {
            decoders.get().check(json); // the bytes are written as sent: no row needed
            return json;
        }
        RowData row = decoders.get().decode(json);
        return encoders.get().encode((GenericRowData) row);
    }
}
