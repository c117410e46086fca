package dev.tributary.runtime.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonFormatOptions;
import org.apache.flink.formats.json.JsonRowDataSerializationSchema;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.junit.jupiter.api.Test;

/** The direct writer's bytes against Flink's json format's, configured as Tributary's Kafka sinks had it. */
class JsonRowWriterTest {

    private static final RowType EVERY_TYPE = (RowType) DataTypes.ROW(
            DataTypes.FIELD("flag", DataTypes.BOOLEAN()),
            DataTypes.FIELD("tiny", DataTypes.TINYINT()),
            DataTypes.FIELD("small", DataTypes.SMALLINT()),
            DataTypes.FIELD("n", DataTypes.INT()),
            DataTypes.FIELD("big", DataTypes.BIGINT().notNull()),
            DataTypes.FIELD("f", DataTypes.FLOAT()),
            DataTypes.FIELD("d", DataTypes.DOUBLE()),
            DataTypes.FIELD("code", DataTypes.CHAR(3)),
            DataTypes.FIELD("text \"quoted\" \\ é", DataTypes.STRING()),
            DataTypes.FIELD("price", DataTypes.DECIMAL(10, 2)),
            DataTypes.FIELD("wide", DataTypes.DECIMAL(38, 9)),
            DataTypes.FIELD("whole", DataTypes.DECIMAL(20, 0)),
            DataTypes.FIELD("day", DataTypes.DATE()),
            DataTypes.FIELD("ts0", DataTypes.TIMESTAMP(0)),
            DataTypes.FIELD("ts3", DataTypes.TIMESTAMP(3)),
            DataTypes.FIELD("ts6", DataTypes.TIMESTAMP(6)),
            DataTypes.FIELD("ts9", DataTypes.TIMESTAMP(9)),
            DataTypes.FIELD("ltz3", DataTypes.TIMESTAMP_LTZ(3)),
            DataTypes.FIELD("ltz9", DataTypes.TIMESTAMP_LTZ(9))).getLogicalType();

    private static final String[] TEXT = {"", "a", "\"", "\\", "\n\t\r\b\f", "\u0000\u0001\u001f\u007f", "é", "日本",
        "😀 emoji", "</script>", "'single'", "a\"b\\c/d", "\ud83d", "mixed ascii then ü"};

    @Test
    void everyFlatTypeIsWrittenByteForByteAsFlinksJsonFormatWritesIt() throws Exception {
        SerializationSchema<RowData> flink = flinkJson(EVERY_TYPE);
        JsonRowSerialization ours = new JsonRowSerialization(EVERY_TYPE);
        ours.open(null);
        assertThat(ours.direct()).isTrue();
        RowDataSerializer binary = new RowDataSerializer(EVERY_TYPE);
        Random random = new Random(20261205L);
        int compared = 0;
        for (int i = 0; i < 20_000; i++) {
            GenericRowData row = randomRow(random);
            byte[] expected = flink.serialize(row);
            assertThat(visible(ours.serialize(row))).as("row %d", i).isEqualTo(visible(expected));
            RowData asBinary = binary.toBinaryRow(row).copy();
            assertThat(visible(ours.serialize(asBinary))).as("row %d as a binary row", i)
                    .isEqualTo(visible(flink.serialize(asBinary)));
            compared++;
        }
        assertThat(compared).isEqualTo(20_000);
    }

    @Test
    void surrogatesAreEscapedOneByOneAsJacksonWritesThem() {
        RowType type = (RowType) DataTypes.ROW(DataTypes.FIELD("s", DataTypes.STRING())).getLogicalType();
        JsonRowSerialization ours = new JsonRowSerialization(type);
        assertThat(new String(ours.serialize(GenericRowData.of(StringData.fromString("x\ud83dy"))),
                StandardCharsets.UTF_8)).isEqualTo("{\"s\":\"x\\uD83Dy\"}");
        assertThat(new String(ours.serialize(GenericRowData.of(StringData.fromString("é😀\u0001"))),
                StandardCharsets.UTF_8)).isEqualTo("{\"s\":\"é\\uD83D\\uDE00\\u0001\"}");
    }

    @Test
    void rowsWithNestedOrBinaryColumnsGoThroughFlinksSerializationWithTheSameBytes() throws Exception {
        RowType nested = (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.BIGINT()),
                DataTypes.FIELD("tags", DataTypes.ARRAY(DataTypes.STRING())),
                DataTypes.FIELD("raw", DataTypes.BYTES())).getLogicalType();
        JsonRowSerialization ours = new JsonRowSerialization(nested);
        ours.open(null);
        assertThat(ours.direct()).isFalse();
        GenericRowData row = GenericRowData.of(7L, new org.apache.flink.table.data.GenericArrayData(
                new Object[] {StringData.fromString("a"), null}), new byte[] {1, 2, 3});
        SerializationSchema<RowData> flink = flinkJson(nested);
        assertThat(ours.serialize(row)).isEqualTo(flink.serialize(row));
        assertThat(new String(ours.serialize(row), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":7,\"tags\":[\"a\",null],\"raw\":\"AQID\"}");
    }

    @Test
    void aNullMapKeyIsRefusedAsFlinksFormatRefusedIt() throws Exception {
        RowType withMap = (RowType) DataTypes.ROW(DataTypes.FIELD("m", DataTypes.MAP(DataTypes.STRING(),
                DataTypes.INT()))).getLogicalType();
        JsonRowSerialization ours = new JsonRowSerialization(withMap);
        ours.open(null);
        java.util.Map<Object, Object> map = new java.util.HashMap<>();
        map.put(null, 1);
        GenericRowData row = GenericRowData.of(new org.apache.flink.table.data.GenericMapData(map));
        SerializationSchema<RowData> flink = flinkJson(withMap);
        String why = "JSON format doesn't support to serialize map data with null keys. You can drop null key entries"
                + " or encode null in literals by specifying map-null-key.mode option.";
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> flink.serialize(row));
        assertThat(refused).isNotNull().hasRootCauseMessage(why);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ours.serialize(row))
                .hasMessage(refused.getMessage()).hasRootCauseMessage(why);
    }

    @Test
    void aRowWithoutColumnsIsAnEmptyObject() {
        RowType empty = RowType.of(new LogicalType[0], new String[0]);
        assertThat(new String(new JsonRowSerialization(empty).serialize(new GenericRowData(0)),
                StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    /** The bytes as text, control characters and non-ASCII shown as escapes so that a failure report shows them. */
    private static String visible(byte[] json) {
        StringBuilder text = new StringBuilder();
        for (char c : new String(json, StandardCharsets.UTF_8).toCharArray()) {
            text.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("<%04X>", (int) c));
        }
        return text.toString();
    }

    private static SerializationSchema<RowData> flinkJson(RowType type) throws Exception {
        // as SinkTables set Flink's json format before: ISO-8601, decimals plain, nulls written, map null keys fail
        SerializationSchema<RowData> flink = new JsonRowDataSerializationSchema(type, TimestampFormat.ISO_8601,
                JsonFormatOptions.MapNullKeyMode.FAIL, "null", true, false);
        flink.open(null);
        return flink;
    }

    private static GenericRowData randomRow(Random r) {
        List<Object> values = new ArrayList<>();
        for (RowType.RowField field : EVERY_TYPE.getFields()) {
            LogicalType type = field.getType();
            if (type.isNullable() && r.nextInt(8) == 0) {
                values.add(null);
                continue;
            }
            values.add(switch (type.getTypeRoot()) {
                case BOOLEAN -> r.nextBoolean();
                case TINYINT -> (byte) r.nextInt();
                case SMALLINT -> (short) r.nextInt();
                case INTEGER -> pick(r, r.nextInt(), Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1);
                case BIGINT -> pick(r, r.nextLong(), Long.MIN_VALUE, Long.MAX_VALUE, 0L, (long) r.nextInt(1000));
                case FLOAT -> pick(r, r.nextFloat() * 1e6f - 5e5f, Float.NaN, Float.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, 1e-7f, 1e7f, 100f);
                case DOUBLE -> pick(r, r.nextGaussian() * 1e9, Double.NaN, Double.NEGATIVE_INFINITY, -0.0, 1e-3,
                        1e7, 1.0e21, 123456789012345678.0, Double.MIN_VALUE, 0.1 + 0.2);
                case CHAR, VARCHAR -> StringData.fromString(text(r));
                case DECIMAL -> decimal(r, (DecimalType) type);
                case DATE -> pick(r, r.nextInt(40_000) - 10_000, 0, -719_528, -719_529, 2_932_896, 2_932_897,
                        -1_000_000, 5_000_000);
                case TIMESTAMP_WITHOUT_TIME_ZONE -> timestamp(r, ((TimestampType) type).getPrecision());
                case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> timestamp(r, ((LocalZonedTimestampType) type).getPrecision());
                default -> throw new IllegalStateException(type.toString());
            });
        }
        return GenericRowData.of(values.toArray());
    }

    @SafeVarargs
    private static <T> T pick(Random r, T usual, T... edges) {
        return r.nextInt(4) == 0 ? edges[r.nextInt(edges.length)] : usual;
    }

    private static String text(Random r) {
        StringBuilder text = new StringBuilder();
        int parts = r.nextInt(4);
        for (int i = 0; i < parts; i++) {
            text.append(r.nextBoolean() ? TEXT[r.nextInt(TEXT.length)] : Long.toString(r.nextLong(), 36));
        }
        return text.toString();
    }

    private static DecimalData decimal(Random r, DecimalType type) {
        int digits = 1 + r.nextInt(type.getPrecision());
        BigInteger unscaled = new BigInteger(digits * 3, r).mod(BigInteger.TEN.pow(digits));
        if (r.nextBoolean()) {
            unscaled = unscaled.negate();
        }
        if (r.nextInt(6) == 0) {
            unscaled = BigInteger.ZERO;
        }
        return DecimalData.fromBigDecimal(new BigDecimal(unscaled, type.getScale()), type.getPrecision(),
                type.getScale());
    }

    private static TimestampData timestamp(Random r, int precision) {
        long second = pick(r, r.nextLong(4_102_444_800L), 0L, -62_167_219_200L, 253_402_300_799L, -1L,
                -62_167_219_201L, 253_402_300_800L);
        int nanos = r.nextInt(4) == 0 ? 0 : r.nextInt(1_000_000_000);
        long unit = (long) Math.pow(10, 9 - precision);
        nanos = (int) (nanos / unit * unit);
        return TimestampData.fromLocalDateTime(LocalDateTime.ofEpochSecond(second, nanos, java.time.ZoneOffset.UTC));
    }
}
