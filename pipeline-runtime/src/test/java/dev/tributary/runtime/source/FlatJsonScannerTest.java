package dev.tributary.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.FieldPlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The flat scanner's rows and refusals against Jackson's path, on generated and mutated records. */
class FlatJsonScannerTest {

    private static final String[][] COLUMNS = {{"id", "BIGINT NOT NULL"}, {"name", "STRING"}, {"code", "CHAR(3)"},
        {"tiny", "TINYINT"}, {"small", "SMALLINT"}, {"n", "INT"}, {"ok", "BOOLEAN"}, {"d", "DOUBLE"},
        {"ts", "TIMESTAMP(3)"}, {"ltz", "TIMESTAMP_LTZ(3)"}, {"day", "DATE"}, {"at", "TIME"}, {"f", "FLOAT"},
        {"price", "DECIMAL(10, 2)"}, {"tags", "ARRAY<STRING>"}};
    /** Column types the scanner leaves to Jackson: with one of them among the columns it reads no record. */
    private static final List<String> LEFT_TO_JACKSON = List.of("f", "price", "tags");

    private static final String[] VALUES = {"0", "-0", "1", "-1", "007", "12", "127", "128", "-129", "32768",
        "2147483648", "-2147483649", "123456789012345678", "1234567890123456789", "9223372036854775808",
        "99999999999999999999", "1.5", "-2.25e3", "1e5", "1E-5", "1.", ".5", "+1", "1e", "-", "1.5.5", "0x10", "NaN",
        "true", "false", "null", "truex", "nul", "\"\"", "\"plain text\"", "\"with \\\"escape\\\"\"", "\"tab\\there\"",
        "\"\\u0041\"", "\"é\"", "\"日本\"", "\"😀\"", "\"2026-12-05T10:15:30\"", "\"2026-12-05 10:15:30.123\"",
        "\"2026-12-05T10:15:30Z\"", "\"2026-12-05\"", "\"10:15:30\"", "\"not a time\"", "\"1714564800000\"",
        "1714564800000", "\"42\"", "\"true\"", "\"1.5\"", "{}", "[]", "[1,2]", "{\"x\":1}", "[\"a\",\"b\"]",
        "[\"a\",null]", "\"abc\"", "\"abcd\"", "\"a\u007fb\"", "\"\u0001\""};

    @Test
    void everyRecordTheScannerReadsIsTheRowJacksonsPathMakesAndEveryOtherFallsBackToIt() throws Exception {
        List<FieldPlan> fields = new ArrayList<>();
        for (String[] c : COLUMNS) {
            if (!LEFT_TO_JACKSON.contains(c[0])) {
                fields.add(new FieldPlan(c[0], c[1])); // the others come as fields no column takes
            }
        }
        JsonDecoder decoder = new JsonDecoder(Columns.of(fields).rowType());
        Random random = new Random(20261205L);
        int flat = 0;
        int records = 30_000;
        for (int r = 0; r < records; r++) {
            byte[] record = record(random).getBytes(StandardCharsets.UTF_8);
            String jackson = outcome(() -> decoder.decodeWithJackson(record).toString());
            String decoded = outcome(() -> decoder.decode(record).toString());
            assertThat(decoded).as("record %s", new String(record, StandardCharsets.UTF_8)).isEqualTo(jackson);
            if (decoder.readsFlat(record)) {
                flat++;
                assertThat(decoder.decode(record)).as("record %s", new String(record, StandardCharsets.UTF_8))
                        .isEqualTo(decoder.decodeWithJackson(record));
            }
        }
        assertThat(flat).as("records the scanner read itself").isBetween(records / 10, records * 9 / 10);
    }

    @Test
    void columnsOfATypeLeftToJacksonTurnTheScannerOff() throws Exception {
        JsonDecoder decoder = new JsonDecoder(Columns.of(List.of(new FieldPlan("id", "BIGINT"),
                new FieldPlan("price", "DECIMAL(10, 2)"))).rowType());
        byte[] record = "{\"id\":1,\"price\":12.50}".getBytes(StandardCharsets.UTF_8);
        assertThat(decoder.readsFlat(record)).isFalse();
        assertThat(decoder.decode(record)).isEqualTo(decoder.decodeWithJackson(record));
        assertThat(decoder.decode(record).getDecimal(1, 10, 2).toString()).isEqualTo("12.50");
    }

    @Test
    void theUsualRecordIsReadFlat() throws Exception {
        JsonDecoder decoder = new JsonDecoder(Columns.of(List.of(new FieldPlan("auction", "BIGINT"),
                new FieldPlan("price", "BIGINT"), new FieldPlan("channel", "STRING"),
                new FieldPlan("ts", "TIMESTAMP(3)"))).rowType());
        byte[] bid = ("{\"auction\":1001,\"bidder\":17,\"price\":52300,\"channel\":\"apple\","
                + "\"url\":\"https://www.nexmark.com/x/y\",\"ts\":\"2026-12-05T10:15:30.123\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(decoder.readsFlat(bid)).isTrue();
        assertThat(decoder.decode(bid)).isEqualTo(decoder.decodeWithJackson(bid));
        assertThat(decoder.decode(bid).getString(2).toString()).isEqualTo("apple");
    }

    @Test
    void aNameOrStringBeyondTheLimitGoesJacksonsWay() throws Exception {
        JsonDecoder decoder = new JsonDecoder(Columns.of(List.of(new FieldPlan("id", "BIGINT"),
                new FieldPlan("name", "STRING"))).rowType());
        byte[] longName = ("{\"" + "x".repeat(60_000) + "\":1,\"id\":5}").getBytes(StandardCharsets.UTF_8);
        byte[] longValue = ("{\"id\":5,\"name\":\"" + "y".repeat(FlatJsonScanner.MAX_STRING_BYTES + 1) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(decoder.readsFlat(longName)).isFalse();
        assertThat(outcome(() -> decoder.decode(longName).toString())).startsWith("bad record: JSON beyond the")
                .isEqualTo(outcome(() -> decoder.decodeWithJackson(longName).toString()));
        assertThat(decoder.readsFlat(longValue)).isFalse();
        assertThat(decoder.decode(longValue)).isEqualTo(decoder.decodeWithJackson(longValue));
    }

    @Test
    void longStringsEndWhereTheirFirstQuoteOrUnusualByteIs() throws Exception {
        JsonDecoder decoder = new JsonDecoder(Columns.of(List.of(new FieldPlan("id", "BIGINT"),
                new FieldPlan("name", "STRING"))).rowType());
        String[] unusual = {"\\\"", "\\\\", "\\n", "\u007f", "\u0001", "\t", "é", "日", "😀", "\""};
        Random random = new Random(6);
        int flat = 0;
        for (int k = 0; k < 5_000; k++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(80);
            for (int at = 0; at < length; at++) {
                char c = (char) (' ' + random.nextInt(95));
                text.append(c == '"' || c == '\\' ? 'q' : c);
            }
            if (random.nextBoolean()) {
                text.insert(random.nextInt(text.length() + 1), unusual[random.nextInt(unusual.length)]);
            }
            String json = "{\"name\":\"" + text + "\",\"id\":" + k + "}";
            byte[] record = json.getBytes(StandardCharsets.UTF_8);
            String jackson = outcome(() -> decoder.decodeWithJackson(record).toString());
            assertThat(outcome(() -> decoder.decode(record).toString())).as("record %s", json).isEqualTo(jackson);
            if (decoder.readsFlat(record)) {
                flat++;
                assertThat(decoder.decode(record).getString(1).toString()).as("record %s", json)
                        .isEqualTo(text.toString());
            }
        }
        assertThat(flat).as("records the scanner read itself").isBetween(2_000, 4_500);
    }

    @Test
    void aStringUpToTheLimitIsReadWhereverItsLastBytesAre() throws Exception {
        JsonDecoder decoder = new JsonDecoder(Columns.of(List.of(new FieldPlan("id", "BIGINT"),
                new FieldPlan("name", "STRING"))).rowType());
        for (int length = FlatJsonScanner.MAX_STRING_BYTES - 9; length <= FlatJsonScanner.MAX_STRING_BYTES + 1;
                length++) {
            for (String end : List.of("", "\\n", "é")) {
                String text = "y".repeat(length - (end.isEmpty() ? 0 : 1)) + end;
                byte[] record = ("{\"name\":\"" + text + "\",\"id\":1}").getBytes(StandardCharsets.UTF_8);
                assertThat(decoder.decode(record)).as("length %d ending %s", length, end)
                        .isEqualTo(decoder.decodeWithJackson(record));
                boolean plain = end.isEmpty() && length <= FlatJsonScanner.MAX_STRING_BYTES;
                assertThat(decoder.readsFlat(record)).as("length %d ending '%s'", length, end).isEqualTo(plain);
            }
        }
    }

    @Test
    void eightBytesAtATimeFindTheFirstByteAPlainStringCannotHold() {
        Random random = new Random(8);
        for (int k = 0; k < 200_000; k++) {
            byte[] bytes = new byte[8];
            for (int b = 0; b < 8; b++) {
                bytes[b] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : (byte) (0x20 + random.nextInt(95));
            }
            int first = 8;
            for (int b = 7; b >= 0; b--) {
                if (bytes[b] < 0x20 || bytes[b] == '"' || bytes[b] == '\\' || bytes[b] == 0x7f) {
                    first = b;
                }
            }
            long word = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(PlainBytes.firstStop(word)).as("bytes %s", java.util.Arrays.toString(bytes)).isEqualTo(first);
        }
    }

    private static String record(Random r) {
        StringBuilder json = new StringBuilder(r.nextInt(20) == 0 ? " {" : "{");
        int fields = r.nextInt(COLUMNS.length + 3);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                json.append(r.nextInt(30) == 0 ? " , " : ",");
            }
            String name = r.nextInt(8) == 0 ? "extra" + r.nextInt(3) : COLUMNS[r.nextInt(COLUMNS.length)][0];
            if (r.nextInt(6) > 0 && i < COLUMNS.length) {
                name = COLUMNS[i][0]; // mostly in the declared order
            }
            json.append('"').append(r.nextInt(40) == 0 ? name.replace("i", "\\u0069") : name).append('"')
                    .append(r.nextInt(30) == 0 ? " : " : ":").append(value(r, name));
        }
        json.append('}');
        switch (r.nextInt(40)) {
            case 0 -> json.append(" \n");
            case 1 -> json.append("x");
            case 2 -> json.append("{}");
            case 3 -> json.setLength(json.length() - 1);
            default -> {
            }
        }
        return json.toString();
    }

    private static String value(Random r, String name) {
        if (r.nextInt(3) > 0) {
            return switch (name) {
                case "id", "tiny", "small", "n" -> String.valueOf(r.nextInt(200) - 100);
                case "name", "code" -> "\"" + Long.toString(r.nextLong() & 0xffffff, 36) + "\"";
                case "ok" -> r.nextBoolean() ? "true" : "false";
                case "d", "f" -> r.nextBoolean() ? String.valueOf(r.nextInt(1000)) : String.valueOf(r.nextDouble() * 100);
                case "ts", "ltz" -> r.nextBoolean() ? "\"2026-12-0" + (1 + r.nextInt(9)) + "T10:15:30.12" + r.nextInt(10)
                        + "\"" : String.valueOf(1_714_564_800_000L + r.nextInt(1_000_000));
                case "day" -> "\"2026-12-0" + (1 + r.nextInt(9)) + "\"";
                case "at" -> "\"1" + r.nextInt(10) + ":15:30\"";
                case "price" -> String.valueOf(r.nextInt(100_000) / 100.0);
                default -> VALUES[r.nextInt(VALUES.length)];
            };
        }
        return VALUES[r.nextInt(VALUES.length)];
    }

    interface Outcome {
        String get() throws Exception;
    }

    private static String outcome(Outcome o) {
        try {
            return "row " + o.get();
        } catch (BadRecordException e) {
            return "bad record: " + e.getMessage();
        } catch (Exception e) {
            return "failure: " + e;
        }
    }
}
