package dev.tributary.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.plan.FieldPlan;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonDecoderTest {

    private static RecordDecoder decoder(String... nameTypes) {
        List<FieldPlan> fields = new ArrayList<>();
        for (int i = 0; i < nameTypes.length; i += 2) {
            fields.add(new FieldPlan(nameTypes[i], nameTypes[i + 1]));
        }
        return new JsonDecoder(Columns.of(fields).rowType());
    }

    private static RowData decode(RecordDecoder decoder, String json) throws BadRecordException {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesEveryScalarTypeIntoFlinksInternalValues() throws Exception {
        RecordDecoder d = decoder("s", "STRING", "b", "BOOLEAN", "t", "TINYINT", "sm", "SMALLINT", "i", "INT",
                "l", "BIGINT", "f", "FLOAT", "db", "DOUBLE", "dec", "DECIMAL(10, 2)", "day", "DATE",
                "ts", "TIMESTAMP(3)", "ltz", "TIMESTAMP_LTZ(3)", "bin", "BYTES");
        RowData row = decode(d, "{\"s\":\"x\",\"b\":true,\"t\":1,\"sm\":2,\"i\":3,\"l\":4000000000,\"f\":1.5,"
                + "\"db\":2.25,\"dec\":12.34,\"day\":\"2024-05-01\",\"ts\":\"2024-05-01 12:00:00.123\","
                + "\"ltz\":\"2024-05-01T12:00:00.123+02:00\",\"bin\":\"AQID\"}");
        assertThat(row.getString(0).toString()).isEqualTo("x");
        assertThat(row.getBoolean(1)).isTrue();
        assertThat(row.getByte(2)).isEqualTo((byte) 1);
        assertThat(row.getShort(3)).isEqualTo((short) 2);
        assertThat(row.getInt(4)).isEqualTo(3);
        assertThat(row.getLong(5)).isEqualTo(4_000_000_000L);
        assertThat(row.getFloat(6)).isEqualTo(1.5f);
        assertThat(row.getDouble(7)).isEqualTo(2.25);
        assertThat(row.getDecimal(8, 10, 2).toBigDecimal()).isEqualByComparingTo(new BigDecimal("12.34"));
        assertThat(row.getInt(9)).isEqualTo((int) LocalDate.of(2024, 5, 1).toEpochDay());
        assertThat(row.getTimestamp(10, 3).toLocalDateTime()).isEqualTo(LocalDateTime.of(2024, 5, 1, 12, 0, 0, 123_000_000));
        assertThat(row.getTimestamp(11, 3).toLocalDateTime()).as("offsets are converted to UTC")
                .isEqualTo(LocalDateTime.of(2024, 5, 1, 10, 0, 0, 123_000_000));
        assertThat(row.getBinary(12)).containsExactly(1, 2, 3);
    }

    @Test
    void ignoresUnknownFieldsAndDecodesNestedTypes() throws Exception {
        RecordDecoder d = decoder("tags", "ARRAY<STRING>", "attrs", "MAP<STRING, INT>", "geo", "ROW<lat DOUBLE, lon DOUBLE>");
        RowData row = decode(d, "{\"unknown\":{\"deep\":[1,2,{\"x\":null}]},\"tags\":[\"a\",\"b\"],"
                + "\"attrs\":{\"k\":7},\"geo\":{\"lat\":1.5,\"lon\":-2}}");
        assertThat(row.getArray(0).size()).isEqualTo(2);
        assertThat(row.getArray(0).getString(1).toString()).isEqualTo("b");
        assertThat(row.getMap(1).size()).isEqualTo(1);
        assertThat(row.getMap(1).valueArray().getInt(0)).isEqualTo(7);
        assertThat(row.getRow(2, 2).getDouble(1)).isEqualTo(-2.0);
    }

    @Test
    void acceptsNumbersWrittenAsStringsAndTimestampsAsEpochMillis() throws Exception {
        RecordDecoder d = decoder("l", "BIGINT", "ts", "TIMESTAMP(3)");
        RowData row = decode(d, "{\"l\":\"42\",\"ts\":1714564800000}");
        assertThat(row.getLong(0)).isEqualTo(42);
        assertThat(row.getTimestamp(1, 3).getMillisecond()).isEqualTo(1714564800000L);
    }

    @Test
    void nullableFieldsMayBeMissingOrNull() throws Exception {
        RowData row = decode(decoder("a", "STRING", "b", "INT"), "{\"b\":null}");
        assertThat(row.isNullAt(0)).isTrue();
        assertThat(row.isNullAt(1)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"n\":1,\"name\":\"x\"|malformed JSON",
        "[1,2]|not a JSON object",
        "{\"name\":\"x\"}|required field 'n' is missing",
        "{\"n\":null}|required field 'n' is null",
        "{\"n\":\"abc\"}|column 'n': 'abc' is not a valid BIGINT",
        "{\"n\":{}}|column 'n': expected BIGINT, found an object",
        "{\"n\":1,\"small\":300}|column 'small': 300 is out of range for TINYINT",
        "{\"n\":1,\"ts\":\"yesterday\"}|column 'ts': 'yesterday' is not a valid TIMESTAMP(3)",
        "{\"n\":1,\"price\":123456789.5}|does not fit DECIMAL(5, 2)",
        "{\"n\":1} {\"n\":2}|unexpected content after the JSON object",
        "{\"n\":99999999999999999999}|out of range for BIGINT",
    })
    void refusesRecordsThatDoNotParseOrDoNotFitTheSchema(String json, String reason) {
        RecordDecoder d = decoder("n", "BIGINT NOT NULL", "name", "STRING", "small", "TINYINT", "ts", "TIMESTAMP(3)",
                "price", "DECIMAL(5, 2)");
        assertThatThrownBy(() -> decode(d, json)).isInstanceOf(BadRecordException.class).hasMessageContaining(reason);
    }

    @Test
    void refusesMalformedUtf8InAValue() {
        byte[] bad = {'{', '"', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> decoder("s", "STRING").decode(bad)).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("UTF-8");
    }

    /** {@link JsonDecoder#check} (which skips strings unread) refuses exactly what decode refuses, in its words. */
    @Test
    void checkRefusesWhatDecodeRefusesWithTheSameMessage() {
        JsonDecoder d = (JsonDecoder) decoder("n", "BIGINT NOT NULL", "name", "STRING NOT NULL", "tag", "VARCHAR(5)",
                "small", "TINYINT", "ts", "TIMESTAMP(3)", "price", "DECIMAL(5, 2)", "tags", "ARRAY<STRING>");
        String good = "{\"n\":1,\"name\":\"caf\u00e9 \\u00e9\\n\",\"tag\":\"abc\",\"small\":3,"
                + "\"ts\":\"2026-12-04 10:15:00.000\",\"price\":12.5,\"tags\":[\"a\",\"b\"]}";
        List<byte[]> inputs = new ArrayList<>();
        for (String json : List.of(good, "{\"n\":1}", "{\"n\":1,\"name\":null}", "{\"n\":1,\"name\":7}",
                "{\"n\":1,\"name\":{}}", "{\"n\":1,\"name\":\"a\tb\"}", "{\"n\":1,\"name\":\"x\\q\"}",
                "{\"n\":1,\"name\":\"unterminated}", "{\"n\":1,\"name\":\"x\"} 5", "[]", "")) {
            inputs.add(json.getBytes(StandardCharsets.UTF_8));
        }
        inputs.add(new byte[] {'{', '"', 'n', '"', ':', '1', ',', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3,
            (byte) 0x28, '"', '}'});
        inputs.add(new byte[] {'{', '"', 'n', '"', ':', '1', ',', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xE2,
            (byte) 0x82, '"', '}'});
        java.util.Random random = new java.util.Random(17);
        byte[] base = good.getBytes(StandardCharsets.UTF_8);
        byte[] alphabet = "{}[]\",:\\ 0123456789.-eEnulltrufasx\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 2_000; i++) {
            byte[] m = base.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                m[random.nextInt(m.length)] = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)]
                        : (byte) random.nextInt(256);
            }
            inputs.add(m);
        }
        int refused = 0;
        for (byte[] input : inputs) {
            String decoded = outcome(() -> d.decode(input));
            assertThat(outcome(() -> d.check(input))).as(new String(input, StandardCharsets.ISO_8859_1))
                    .isEqualTo(decoded);
            refused += decoded.equals("ok") ? 0 : 1;
        }
        assertThat(refused).as("the mutations reach the refusals").isBetween(500, inputs.size() - 50);
    }

    private interface Attempt {
        void run() throws BadRecordException;
    }

    private static String outcome(Attempt attempt) {
        try {
            attempt.run();
            return "ok";
        } catch (BadRecordException e) {
            return e.getMessage();
        }
    }

    @Test
    void eachDecodeReturnsAFreshRow() throws Exception {
        RecordDecoder d = decoder("n", "INT");
        RowData first = decode(d, "{\"n\":1}");
        decode(d, "{\"n\":2}");
        assertThat(first.getInt(0)).isEqualTo(1);
    }

    @Test
    void deeplyNestedJsonIsABadRecordNotAStackOverflow() {
        String deep = "{\"n\":1,\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> decode(decoder("n", "BIGINT"), deep)).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("too deeply nested").hasMessageContaining("nesting depth");
    }
}
