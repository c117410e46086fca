package dev.tributary.runtime.source;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.DateTimeException;
import java.time.temporal.ChronoField;
import java.util.Base64;
import java.util.Locale;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * Text to Flink's internal values, for CSV fields and for JSON strings that carry a typed value (timestamps,
 * dates, decimals, numbers written as strings). Timestamps are accepted in SQL form ({@code 2024-05-01 12:00:00.123})
 * and ISO-8601 form ({@code 2024-05-01T12:00:00.123}, with {@code Z} or an offset), or as epoch milliseconds.
 */
public final class TextValues {

    private static final DateTimeFormatter LOCAL_TIMESTAMP = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private TextValues() {
    }

    /** The internal value of {@code text} for {@code type}; {@code column} only names the column in messages. */
    public static Object parse(String column, LogicalType type, String text) throws BadRecordException {
        try {
            return switch (type.getTypeRoot()) {
                case CHAR, VARCHAR -> StringData.fromString(text);
                case BOOLEAN -> parseBoolean(column, text);
                case TINYINT -> Byte.parseByte(text.trim());
                case SMALLINT -> Short.parseShort(text.trim());
                case INTEGER -> Integer.parseInt(text.trim());
                case BIGINT -> Long.parseLong(text.trim());
                case FLOAT -> Float.parseFloat(text.trim());
                case DOUBLE -> Double.parseDouble(text.trim());
                case DECIMAL -> decimal(column, (DecimalType) type, new BigDecimal(text.trim()));
                case DATE -> (int) LocalDate.parse(text.trim()).toEpochDay();
                case TIME_WITHOUT_TIME_ZONE -> (int) (LocalTime.parse(text.trim()).toNanoOfDay() / 1_000_000L);
                case TIMESTAMP_WITHOUT_TIME_ZONE -> timestamp(localTimestamp(column, text), precision(type));
                case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> timestamp(localTimestamp(column, text), precision(type));
                case BINARY, VARBINARY -> Base64.getDecoder().decode(text.trim());
                default -> throw new BadRecordException("column '" + column + "' has type " + type
                        + ", which cannot be read from text");
            };
        } catch (NumberFormatException | DateTimeException e) {
            throw new BadRecordException("column '" + column + "': '" + abbreviate(text) + "' is not a valid "
                    + type.copy(true).asSummaryString(), e);
        } catch (IllegalArgumentException e) {
            throw new BadRecordException("column '" + column + "': '" + abbreviate(text) + "' is not valid base64", e);
        }
    }

    /** A timestamp cut to the column's precision, as Flink's serializers would store it. */
    static TimestampData timestamp(LocalDateTime value, int precision) {
        int nanos = value.getNano();
        int unit = POWERS_OF_TEN[9 - precision];
        return TimestampData.fromLocalDateTime(value.withNano(nanos - nanos % unit));
    }

    static int precision(LogicalType type) {
        return org.apache.flink.table.types.logical.utils.LogicalTypeChecks.getPrecision(type);
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000, 1_000_000_000};

    static DecimalData decimal(String column, DecimalType type, BigDecimal value) throws BadRecordException {
        DecimalData data = DecimalData.fromBigDecimal(value, type.getPrecision(), type.getScale());
        if (data == null) {
            throw new BadRecordException("column '" + column + "': " + value.toPlainString() + " does not fit "
                    + type.copy(true).asSummaryString());
        }
        return data;
    }

    static LocalDateTime localTimestamp(String column, String text) throws BadRecordException {
        String t = text.trim();
        if (isEpochMillis(t)) {
            return LocalDateTime.ofInstant(Instant.ofEpochMilli(Long.parseLong(t)), ZoneOffset.UTC);
        }
        LocalDateTime fast = IsoTimestamps.parse(t);
        if (fast != null) {
            return fast;
        }
        return generalTimestamp(t);
    }

    /** Every form the runtime accepts, through {@code DateTimeFormatter}: slow, the reference for the fast path. */
    static LocalDateTime generalTimestamp(String t) {
        var parsed = LOCAL_TIMESTAMP.parse(t);
        LocalDateTime local = LocalDateTime.of(LocalDate.from(parsed), LocalTime.from(parsed));
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS));
            return OffsetDateTime.of(local, offset).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        return local;
    }

    private static boolean isEpochMillis(String t) {
        if (t.isEmpty() || t.length() > 19) {
            return false;
        }
        for (int i = t.charAt(0) == '-' ? 1 : 0; i < t.length(); i++) {
            if (!Character.isDigit(t.charAt(i))) {
                return false;
            }
        }
        return t.length() > (t.charAt(0) == '-' ? 1 : 0);
    }

    private static Boolean parseBoolean(String column, String text) throws BadRecordException {
        String t = text.trim();
        if (t.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (t.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new BadRecordException("column '" + column + "': '" + abbreviate(text) + "' is not a BOOLEAN");
    }

    static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
