package dev.tributary.runtime.source;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.RowType;

/** The whole record value as the one column: text (checked to be UTF-8) or bytes. */
public final class RawDecoder implements RecordDecoder {

    private final boolean text;

    public RawDecoder(RowType rowType) {
        if (rowType.getFieldCount() != 1) {
            throw new IllegalArgumentException("format raw reads each record as one value: declare exactly one"
                    + " field of type STRING or BYTES");
        }
        LogicalType type = rowType.getTypeAt(0);
        if (type.is(LogicalTypeFamily.CHARACTER_STRING)) {
            text = true;
        } else if (type.is(LogicalTypeFamily.BINARY_STRING)) {
            text = false;
        } else {
            throw new IllegalArgumentException("format raw reads each record as one value: field '"
                    + rowType.getFieldNames().get(0) + "' must be STRING or BYTES, not " + type);
        }
    }

    @Override
    public RowData decode(byte[] value) throws BadRecordException {
        if (text) {
            Utf8.check(value);
            return GenericRowData.of(StringData.fromBytes(value));
        }
        return GenericRowData.of((Object) value);
    }
}
