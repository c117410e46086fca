package dev.tributary.runtime.source;

import dev.tributary.api.v1alpha1.RecordFormat;
import org.apache.flink.table.types.logical.RowType;

/** The decoder for a source's format. */
public final class RecordDecoders {

    private RecordDecoders() {
    }

    public static RecordDecoder forFormat(RecordFormat format, RowType rowType) {
        return switch (format) {
            case JSON -> new JsonDecoder(rowType);
            case CSV -> new CsvDecoder(rowType);
            case AVRO -> new AvroDecoder(rowType);
            case RAW -> new RawDecoder(rowType);
        };
    }
}
