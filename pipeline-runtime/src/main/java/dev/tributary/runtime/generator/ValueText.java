package dev.tributary.runtime.generator;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

/**
 * A scalar internal value as text the runtime reads back ({@code TextValues}): timestamps in SQL form with as many
 * fraction digits as their precision (at least milliseconds), dates and times in ISO form, bytes in base64.
 */
final class ValueText {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ValueText() {
    }

    static String of(LogicalType type, Object value) {
        return switch (type.getTypeRoot()) {
            case DECIMAL -> ((DecimalData) value).toBigDecimal().toPlainString();
            case DATE -> LocalDate.ofEpochDay((Integer) value).toString();
            case TIME_WITHOUT_TIME_ZONE -> LocalTime.ofNanoOfDay((Integer) value * 1_000_000L)
                    .format(DateTimeFormatter.ISO_LOCAL_TIME);
            case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> timestamp((TimestampData) value,
                    LogicalTypeChecks.getPrecision(type));
            case BINARY, VARBINARY -> Base64.getEncoder().encodeToString((byte[]) value);
            default -> value.toString();
        };
    }

    private static String timestamp(TimestampData value, int precision) {
        var local = value.toLocalDateTime();
        String nanos = String.format("%09d", local.getNano());
        return local.format(SECONDS) + "." + nanos.substring(0, Math.max(3, precision));
    }
}
