package dev.tributary.runtime.generator;

import java.nio.charset.StandardCharsets;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.RowType;

/** The one column of a raw Source as the whole record: its text in UTF-8, or its bytes; a null as no bytes. */
final class RawRecordEncoder implements RecordEncoder {

    private final boolean text;

    RawRecordEncoder(RowType rowType) {
        if (rowType.getFieldCount() != 1 || !(rowType.getTypeAt(0).is(LogicalTypeFamily.CHARACTER_STRING)
                || rowType.getTypeAt(0).is(LogicalTypeFamily.BINARY_STRING))) {
            throw new IllegalArgumentException("format raw carries one field of type STRING or BYTES");
        }
        this.text = rowType.getTypeAt(0).is(LogicalTypeFamily.CHARACTER_STRING);
    }

    @Override
    public byte[] encode(GenericRowData row) {
        Object value = row.getField(0);
        if (value == null) {
            return new byte[0];
        }
        return text ? value.toString().getBytes(StandardCharsets.UTF_8) : (byte[]) value;
    }
}
