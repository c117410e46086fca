package dev.tributary.runtime.generator;

import dev.tributary.api.v1alpha1.RecordFormat;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.RowType;

/** A generated row as the bytes of a record in a Source's format, as the runtime's decoder for it reads them. */
public interface RecordEncoder {

    byte[] encode(GenericRowData row);

    static RecordEncoder forFormat(RecordFormat format, RowType rowType) {
        return switch (format) {
            case JSON -> new JsonRecordEncoder(rowType);
            case CSV -> new CsvRecordEncoder(rowType);
            case AVRO -> new AvroRecordEncoder(rowType);
            case RAW -> new RawRecordEncoder(rowType);
        };
    }
}
