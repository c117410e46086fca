package dev.tributary.runtime.generator;

import dev.tributary.api.v1alpha1.GeneratorFieldSpec;
import dev.tributary.runtime.source.BadRecordException;
import dev.tributary.runtime.source.TextValues;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * Values for one column of a generated record, in Flink's internal representation: as its generator entry says,
 * or (none) whatever fits its type ({@link TypedValues}).
 */
final class FieldValues {

    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private final String name;
    private final LogicalType type;
    /** Each entry's oneOf values, parsed once (a burst step's entry has its own). */
    private final Map<GeneratorFieldSpec, List<Object>> oneOf = new IdentityHashMap<>();

    FieldValues(String name, LogicalType type) {
        this.name = name;
        this.type = type;
    }

    /** A value for this column, or null. */
    Object next(GeneratorFieldSpec spec, SplittableRandom random, long index, long eventTimeMs) {
        if (spec == null) {
            return TypedValues.random(type, random, eventTimeMs);
        }
        if (spec.nullRatio != null && spec.nullRatio > 0 && random.nextDouble() < spec.nullRatio) {
            return null;
        }
        long min = spec.min == null ? 0 : spec.min;
        long max = spec.max == null ? Math.max(min, TypedValues.DEFAULT_MAX) : spec.max;
        return switch (spec.kind) {
            case SEQUENCE -> fromNumber(min + Math.floorMod(index, max - min + 1), random, eventTimeMs);
            case RANDOM, LOOKUP -> randomBetween(min, max, random, eventTimeMs);
            case ONE_OF -> pick(spec, random);
            case EVENT_TIME -> eventTime(eventTimeMs);
            case UUID -> text(new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
                    random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString());
        };
    }

    private Object randomBetween(long min, long max, SplittableRandom random, long eventTimeMs) {
        return switch (type.getTypeRoot()) {
            case DOUBLE -> TypedValues.cents(min + random.nextDouble() * (max - min));
            case FLOAT -> (float) TypedValues.cents(min + random.nextDouble() * (max - min));
            case DECIMAL -> decimal(BigDecimal.valueOf(min + random.nextDouble() * (max - min)));
            default -> fromNumber(min + random.nextLong(max - min + 1), random, eventTimeMs);
        };
    }

    private Object fromNumber(long n, SplittableRandom random, long eventTimeMs) {
        return switch (type.getTypeRoot()) {
            case CHAR, VARCHAR -> StringData.fromString(Long.toString(n));
            case TINYINT -> (byte) n;
            case SMALLINT -> (short) n;
            case INTEGER -> (int) n;
            case BIGINT -> n;
            case DOUBLE -> (double) n;
            case FLOAT -> (float) n;
            case DECIMAL -> decimal(BigDecimal.valueOf(n));
            case BOOLEAN -> n % 2 == 1;
            default -> TypedValues.random(type, random, eventTimeMs);
        };
    }

    private Object decimal(BigDecimal value) {
        DecimalType decimal = (DecimalType) type;
        return DecimalData.fromBigDecimal(value.setScale(decimal.getScale(), RoundingMode.DOWN),
                decimal.getPrecision(), decimal.getScale());
    }

    private Object pick(GeneratorFieldSpec spec, SplittableRandom random) {
        List<Object> values = oneOf.computeIfAbsent(spec, s -> parse(s.values));
        return values.get(random.nextInt(values.size()));
    }

    private List<Object> parse(List<String> texts) {
        List<Object> values = new ArrayList<>();
        for (String value : texts) {
            try {
                values.add(TextValues.parse(name, type, value));
            } catch (BadRecordException e) {
                throw new IllegalArgumentException("generator field '" + name + "': oneOf value '" + value
                        + "' does not fit its type " + type + " (" + e.getMessage() + "): change the value or"
                        + " the field's type", e);
            }
        }
        return values;
    }

    private Object eventTime(long eventTimeMs) {
        return switch (type.getTypeRoot()) {
            case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> TypedValues.timestamp(eventTimeMs, type);
            case BIGINT -> eventTimeMs;
            default -> text(TIMESTAMP.format(Instant.ofEpochMilli(eventTimeMs)));
        };
    }

    private Object text(String text) {
        return switch (type.getTypeRoot()) {
            case BINARY, VARBINARY -> text.getBytes(StandardCharsets.UTF_8);
            default -> StringData.fromString(text);
        };
    }
}
