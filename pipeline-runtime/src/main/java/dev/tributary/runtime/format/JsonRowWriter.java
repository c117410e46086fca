package dev.tributary.runtime.format;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;

/**
 * A flat row straight to the bytes Flink's {@code json} format writes for it with ISO-8601 timestamps, nulls written
 * out and decimals as plain numbers, without the Jackson tree that format builds and serializes for every row (a
 * third of a stateless pipeline's CPU, measured). For the column types in {@link #WRITTEN}; {@link #handles} says
 * whether a row type has only those. {@code JsonRowWriterTest} holds the bytes to Flink's on random rows.
 */
final class JsonRowWriter implements Serializable {

    private static final long serialVersionUID = 1L;

    static final Set<LogicalTypeRoot> WRITTEN = EnumSet.of(LogicalTypeRoot.BOOLEAN, LogicalTypeRoot.TINYINT,
            LogicalTypeRoot.SMALLINT, LogicalTypeRoot.INTEGER, LogicalTypeRoot.BIGINT, LogicalTypeRoot.FLOAT,
            LogicalTypeRoot.DOUBLE, LogicalTypeRoot.CHAR, LogicalTypeRoot.VARCHAR, LogicalTypeRoot.DECIMAL,
            LogicalTypeRoot.DATE, LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE,
            LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE);

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    private final LogicalTypeRoot[] roots;
    private final int[] decimalPrecisions;
    private final int[] decimalScales;
    private final int[] timestampPrecisions;
    /** Per column: {@code "name":} after the first column's {@code {} or the others' {@code ,}. */
    private final byte[][] prefixes;
    private transient JsonBytes out;

    JsonRowWriter(RowType rowType) {
        if (!handles(rowType)) {
            throw new IllegalArgumentException("not a flat row of " + WRITTEN + ": " + rowType);
        }
        List<RowType.RowField> fields = rowType.getFields();
        roots = new LogicalTypeRoot[fields.size()];
        decimalPrecisions = new int[fields.size()];
        decimalScales = new int[fields.size()];
        timestampPrecisions = new int[fields.size()];
        prefixes = new byte[fields.size()][];
        JsonBytes name = new JsonBytes();
        for (int i = 0; i < fields.size(); i++) {
            LogicalType type = fields.get(i).getType();
            roots[i] = type.getTypeRoot();
            if (type instanceof DecimalType decimal) {
                decimalPrecisions[i] = decimal.getPrecision();
                decimalScales[i] = decimal.getScale();
            }
            timestampPrecisions[i] = type instanceof TimestampType t ? t.getPrecision()
                    : type instanceof LocalZonedTimestampType t ? t.getPrecision() : 0;
            name.reset();
            name.append((byte) (i == 0 ? '{' : ','));
            name.appendQuoted(fields.get(i).getName());
            name.append((byte) ':');
            prefixes[i] = name.toByteArray();
        }
    }

    static boolean handles(RowType rowType) {
        return rowType.getFields().stream().allMatch(f -> WRITTEN.contains(f.getType().getTypeRoot()));
    }

    byte[] write(RowData row) {
        if (out == null) {
            out = new JsonBytes();
        }
        out.reset();
        if (roots.length == 0) {
            out.append((byte) '{');
        }
        for (int i = 0; i < roots.length; i++) {
            out.appendAscii(prefixes[i]);
            if (row.isNullAt(i)) {
                out.appendAscii(NULL);
            } else {
                writeValue(row, i);
            }
        }
        out.append((byte) '}');
        return out.toByteArray();
    }

    private void writeValue(RowData row, int i) {
        switch (roots[i]) {
            case BOOLEAN -> out.appendAscii(row.getBoolean(i) ? TRUE : FALSE);
            case TINYINT -> out.appendLong(row.getByte(i));
            case SMALLINT -> out.appendLong(row.getShort(i));
            case INTEGER -> out.appendLong(row.getInt(i));
            case BIGINT -> out.appendLong(row.getLong(i));
            case FLOAT -> writeFloat(row.getFloat(i));
            case DOUBLE -> writeDouble(row.getDouble(i));
            case CHAR, VARCHAR -> writeString(row.getString(i));
            case DECIMAL -> writeDecimal(row.getDecimal(i, decimalPrecisions[i], decimalScales[i]));
            case DATE -> writeDate(row.getInt(i));
            case TIMESTAMP_WITHOUT_TIME_ZONE -> writeTimestamp(row.getTimestamp(i, timestampPrecisions[i]), false);
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> writeTimestamp(row.getTimestamp(i, timestampPrecisions[i]), true);
            default -> throw new IllegalStateException("no JSON for " + roots[i]);
        }
    }

    private void writeFloat(float value) {
        if (Float.isFinite(value)) {
            out.appendAscii(Float.toString(value));
        } else {
            out.appendQuoted(Float.toString(value)); // Jackson quotes NaN and the infinities
        }
    }

    private void writeDouble(double value) {
        if (Double.isFinite(value)) {
            out.appendAscii(Double.toString(value));
        } else {
            out.appendQuoted(Double.toString(value));
        }
    }

    /**
     * ASCII bytes are copied with their escapes; any other text goes through its Java string, as in Flink's format,
     * so that malformed bytes and surrogates come out as Jackson writes them.
     */
    private void writeString(StringData value) {
        if (value instanceof BinaryStringData binary && binary.getJavaObject() == null) {
            MemorySegment[] segments = binary.getSegments();
            if (segments.length == 1 && !segments[0].isOffHeap()) {
                byte[] heap = segments[0].getHeapMemory();
                if (isAscii(heap, binary.getOffset(), binary.getSizeInBytes())) {
                    out.appendQuotedUtf8(heap, binary.getOffset(), binary.getSizeInBytes());
                    return;
                }
            } else {
                byte[] utf8 = binary.toBytes();
                if (isAscii(utf8, 0, utf8.length)) {
                    out.appendQuotedUtf8(utf8, 0, utf8.length);
                    return;
                }
            }
        }
        out.appendQuoted(value.toString());
    }

    private static boolean isAscii(byte[] bytes, int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private void writeDecimal(DecimalData value) {
        BigDecimal decimal = value.toBigDecimal();
        out.appendAscii(decimal.toPlainString());
    }

    private void writeDate(int epochDay) {
        out.append((byte) '"');
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        if (date.getYear() >= 0 && date.getYear() <= 9999) {
            writeDate(date.getYear(), date.getMonthValue(), date.getDayOfMonth());
        } else {
            out.appendAscii(DateTimeFormatter.ISO_LOCAL_DATE.format(date));
        }
        out.append((byte) '"');
    }

    private void writeTimestamp(TimestampData timestamp, boolean utc) {
        LocalDateTime t = timestamp.toLocalDateTime();
        out.append((byte) '"');
        if (t.getYear() >= 0 && t.getYear() <= 9999) {
            writeDate(t.getYear(), t.getMonthValue(), t.getDayOfMonth());
            out.append((byte) 'T');
            out.appendPadded(t.getHour(), 2);
            out.append((byte) ':');
            out.appendPadded(t.getMinute(), 2);
            out.append((byte) ':');
            out.appendPadded(t.getSecond(), 2);
            writeFraction(t.getNano());
        } else {
            out.appendAscii(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t));
        }
        if (utc) {
            out.append((byte) 'Z');
        }
        out.append((byte) '"');
    }

    private void writeDate(int year, int month, int day) {
        out.appendPadded(year, 4);
        out.append((byte) '-');
        out.appendPadded(month, 2);
        out.append((byte) '-');
        out.appendPadded(day, 2);
    }

    /** As ISO_LOCAL_TIME writes nanoseconds: none when zero, else as few digits as keep the value. */
    private void writeFraction(int nanos) {
        if (nanos == 0) {
            return;
        }
        int width = 9;
        while (nanos % 10 == 0) {
            nanos /= 10;
            width--;
        }
        out.append((byte) '.');
        out.appendPadded(nanos, width);
    }
}
