package dev.tributary.runtime.generator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

/**
 * A value that fits a Flink type, in Flink's internal representation (StringData, DecimalData, TimestampData, epoch
 * days, millisecond of the day, GenericArrayData, GenericMapData, GenericRowData): text within its length, numbers
 * within their range and precision, timestamps at the record's event time cut to their precision, and one to three
 * elements, entries or fields' worth of the same for nested types. Never null: nulls come only from a field's
 * {@code nullRatio}.
 */
final class TypedValues {

    static final long DEFAULT_MAX = 1000;
    private static final long DAY_MS = 86_400_000L;

    private TypedValues() {
    }

    static Object random(LogicalType type, SplittableRandom random, long eventTimeMs) {
        return switch (type.getTypeRoot()) {
            case CHAR -> StringData.fromString(fit("v" + random.nextLong(DEFAULT_MAX), ((CharType) type).getLength(),
                    true));
            case VARCHAR -> StringData.fromString(fit("v" + random.nextLong(DEFAULT_MAX),
                    ((VarCharType) type).getLength(), false));
            case BOOLEAN -> random.nextBoolean();
            case TINYINT -> (byte) random.nextInt(101);
            case SMALLINT -> (short) random.nextLong(DEFAULT_MAX + 1);
            case INTEGER -> (int) random.nextLong(DEFAULT_MAX + 1);
            case BIGINT -> random.nextLong(DEFAULT_MAX + 1);
            case FLOAT -> (float) cents(random.nextDouble() * DEFAULT_MAX);
            case DOUBLE -> cents(random.nextDouble() * DEFAULT_MAX);
            case DECIMAL -> decimal((DecimalType) type, random);
            case DATE -> (int) Math.floorDiv(eventTimeMs, DAY_MS) - random.nextInt(366);
            case TIME_WITHOUT_TIME_ZONE -> timeOfDay(random.nextInt((int) DAY_MS), LogicalTypeChecks.getPrecision(type));
            case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> timestamp(eventTimeMs, type);
            case BINARY -> bytes(random, ((BinaryType) type).getLength());
            case VARBINARY -> bytes(random, 1 + random.nextInt(Math.min(8, ((VarBinaryType) type).getLength())));
            case ARRAY -> array(((ArrayType) type).getElementType(), random, eventTimeMs);
            case MAP -> new GenericMapData(entries(((MapType) type).getKeyType(), ((MapType) type).getValueType(),
                    random, eventTimeMs));
            case MULTISET -> new GenericMapData(counts(((MultisetType) type).getElementType(), random, eventTimeMs));
            case ROW -> row((RowType) type, random, eventTimeMs);
            default -> throw new IllegalArgumentException("the generator cannot fill type " + type
                    + ": remove the column or declare a type a Source can carry");
        };
    }

    /** A timestamp at {@code epochMs}, cut to the type's precision (which Flink would do on reading). */
    static TimestampData timestamp(long epochMs, LogicalType type) {
        int precision = LogicalTypeChecks.getPrecision(type);
        long unit = precision >= 3 ? 1 : precision == 2 ? 10 : precision == 1 ? 100 : 1000;
        return TimestampData.fromEpochMillis(Math.floorDiv(epochMs, unit) * unit);
    }

    static int timeOfDay(int ms, int precision) {
        int unit = precision >= 3 ? 1 : precision == 2 ? 10 : precision == 1 ? 100 : 1000;
        return ms - ms % unit;
    }

    /** {@code text} cut to {@code length}, or (for CHAR) padded with zeros to it. */
    static String fit(String text, int length, boolean exact) {
        if (text.length() > length) {
            return text.substring(0, length);
        }
        return exact ? text + "0".repeat(length - text.length()) : text;
    }

    static double cents(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static DecimalData decimal(DecimalType type, SplittableRandom random) {
        int p = type.getPrecision();
        int s = type.getScale();
        // up to 1000 (or what the precision leaves), with every digit of the scale filled
        int digits = Math.min(Math.min(p, s + 3), 18);
        long unscaled = random.nextLong(BigInteger.TEN.pow(digits).longValueExact());
        return DecimalData.fromBigDecimal(new BigDecimal(BigInteger.valueOf(unscaled), s), p, s);
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static GenericArrayData array(LogicalType element, SplittableRandom random, long eventTimeMs) {
        Object[] values = new Object[1 + random.nextInt(3)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random(element, random, eventTimeMs);
        }
        return new GenericArrayData(values);
    }

    private static Map<Object, Object> entries(LogicalType key, LogicalType value, SplittableRandom random,
            long eventTimeMs) {
        Map<Object, Object> entries = new LinkedHashMap<>();
        int size = 1 + random.nextInt(3);
        for (int attempt = 0; attempt < 3 * size && entries.size() < size; attempt++) {
            entries.putIfAbsent(random(key, random, eventTimeMs), random(value, random, eventTimeMs));
        }
        return entries;
    }

    private static Map<Object, Object> counts(LogicalType element, SplittableRandom random, long eventTimeMs) {
        Map<Object, Object> counts = new LinkedHashMap<>();
        int size = 1 + random.nextInt(3);
        for (int attempt = 0; attempt < 3 * size && counts.size() < size; attempt++) {
            counts.putIfAbsent(random(element, random, eventTimeMs), 1 + random.nextInt(3));
        }
        return counts;
    }

    private static GenericRowData row(RowType type, SplittableRandom random, long eventTimeMs) {
        List<RowType.RowField> fields = type.getFields();
        GenericRowData row = new GenericRowData(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            row.setField(i, random(fields.get(i).getType(), random, eventTimeMs));
        }
        return row;
    }
}
