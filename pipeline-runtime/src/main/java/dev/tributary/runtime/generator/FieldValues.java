package dev.tributary.runtime.generator;

import dev.tributary.api.v1alpha1.GeneratorFieldSpec;
import dev.tributary.api.validation.FlinkTypeParser;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/** Values for one column of a generated record: as its generator entry says, or (none) whatever fits its type. */
final class FieldValues {

    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final long DEFAULT_MAX = 1000;

    private final LogicalType type;

    FieldValues(String flinkType) {
        this.type = LogicalTypeParser.parse(FlinkTypeParser.canonical(flinkType), FieldValues.class.getClassLoader());
    }

    /** A value for this column: a String, Long, Double, BigDecimal or Boolean, or null. */
    Object next(GeneratorFieldSpec spec, SplittableRandom random, long index, long eventTimeMs) {
        if (spec == null) {
            return byType(random, eventTimeMs);
        }
        if (spec.nullRatio != null && spec.nullRatio > 0 && random.nextDouble() < spec.nullRatio) {
            return null;
        }
        long min = spec.min == null ? 0 : spec.min;
        long max = spec.max == null ? Math.max(min, DEFAULT_MAX) : spec.max;
        return switch (spec.kind) {
            case SEQUENCE -> fromNumber(min + Math.floorMod(index, max - min + 1), random);
            case RANDOM -> randomBetween(min, max, random);
            case ONE_OF -> fromText(spec.values.get(random.nextInt(spec.values.size())));
            case EVENT_TIME -> timestamp(eventTimeMs);
            case UUID -> new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
                    random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString();
        };
    }

    private Object byType(SplittableRandom random, long eventTimeMs) {
        return switch (type.getTypeRoot()) {
            case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> timestamp(eventTimeMs);
            case BOOLEAN -> random.nextBoolean();
            case CHAR, VARCHAR -> "v" + random.nextLong(DEFAULT_MAX);
            default -> randomBetween(0, DEFAULT_MAX, random);
        };
    }

    private Object randomBetween(long min, long max, SplittableRandom random) {
        return switch (type.getTypeRoot()) {
            case DOUBLE, FLOAT -> BigDecimal.valueOf(min + random.nextDouble() * (max - min))
                    .setScale(2, RoundingMode.HALF_UP).doubleValue();
            case DECIMAL -> BigDecimal.valueOf(min + random.nextDouble() * (max - min))
                    .setScale(((DecimalType) type).getScale(), RoundingMode.DOWN);
            default -> fromNumber(min + random.nextLong(max - min + 1), random);
        };
    }

    private Object fromNumber(long n, SplittableRandom random) {
        return switch (type.getTypeRoot()) {
            case CHAR, VARCHAR -> Long.toString(n);
            case DOUBLE, FLOAT -> (double) n;
            case DECIMAL -> BigDecimal.valueOf(n).setScale(((DecimalType) type).getScale(), RoundingMode.DOWN);
            case BOOLEAN -> n % 2 == 1;
            default -> n;
        };
    }

    private Object fromText(String text) {
        return switch (type.getTypeRoot()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> Long.parseLong(text.strip());
            case DOUBLE, FLOAT -> Double.parseDouble(text.strip());
            case DECIMAL -> new BigDecimal(text.strip());
            case BOOLEAN -> Boolean.parseBoolean(text.strip());
            default -> text;
        };
    }

    private static String timestamp(long epochMs) {
        return TIMESTAMP.format(Instant.ofEpochMilli(epochMs));
    }
}
