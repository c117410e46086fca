package dev.tributary.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written timestamp parser gives exactly what the general formatter gives, or leaves the text to it. */
class IsoTimestampsTest {

    private static final List<String> EDGE_CASES = List.of(
            "2024-05-01 12:00:00.123", "2024-05-01T12:00:00.123", "2024-05-01T12:00:00.123Z",
            "2024-05-01T12:00:00Z", "2024-05-01T12:00Z", "2024-05-01 12:00", "2024-05-01T12:00:00",
            "2024-05-01T12:00:00.1", "2024-05-01T12:00:00.123456789", "2024-05-01T12:00:00.1234567890",
            "2024-05-01T12:00:00.", "2024-05-01T12:00:00.123+02:00", "2024-05-01T12:00:00-05:30",
            "2024-05-01T12:00:00+0530", "2024-05-01T12:00:00+05", "2024-05-01T12:00:00+18:00",
            "2024-05-01T12:00:00-18:00", "2024-05-01T12:00:00+17:59", "2024-05-01T12:00:00+19:00",
            "2024-05-01T12:00:00+05:60", "2024-05-01T00:30:00+01:00", "2024-01-01T00:00:00+00:01",
            "1970-01-01T00:00:00Z", "0000-01-01T00:00:00+01:00", "9999-12-31T23:59:59.999999999-01:00",
            "2024-02-29T00:00:00", "2023-02-29T00:00:00", "2024-04-31T00:00:00", "2024-04-30T24:00:00",
            "2024-04-30T24:00", "2024-04-30T23:60:00", "2024-04-30T23:59:60", "2024-13-01T00:00:00",
            "2024-00-01T00:00:00", "2024-01-00T00:00:00", "2024-05-01t12:00:00z", "2024-05-01T12:00:00z",
            "2024-05-01T 12:00:00", "2024-05-0112:00:00", "2024-05-01  12:00:00", "2024-5-01T12:00:00",
            "+2024-05-01T12:00:00", "12024-05-01T12:00:00", "2024-05-01T12:00:00 ", "2024-05-01T12:00:00Z ",
            "2024-05-01T12:00:00ZZ", "2024-05-01T12:00:00+02:00Z", "2024-05-01T1:00:00", "2024-05-01T12:0",
            "2024-05-01T12:00:0", "2024-05-01T12:00:00,5", "2024-05-01T12:00.5", "2024-05-01", "",
            "2024-05-01T12:00:00.12a", "2024-05-01T12:00:00.-1", "2024-05-01T12:00:00+-2:00", "yesterday",
            "2024-05-01T12:00:00+02:0", "2024-05-01T12:00:00+020", "2024-05-01T12:00:00+02:000");

    @Test
    void givesTheFormattersResultOnEdgeCases() {
        for (String text : EDGE_CASES) {
            assertSameAsFormatter(text);
        }
    }

    @Test
    void givesTheFormattersResultOnRandomVariants() {
        Random random = new Random(16);
        String alphabet = "0123456789-:T Z+.tz";
        List<String> texts = new ArrayList<>();
        for (int k = 0; k < 20_000; k++) {
            StringBuilder b = new StringBuilder(EDGE_CASES.get(random.nextInt(EDGE_CASES.size())));
            int edits = random.nextInt(3);
            for (int e = 0; e < edits && b.length() > 0; e++) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0 -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> b.deleteCharAt(at);
                    default -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            texts.add(b.toString());
        }
        int fast = 0;
        for (String text : texts) {
            if (assertSameAsFormatter(text)) {
                fast++;
            }
        }
        assertThat(fast).as("variants the fast path took").isGreaterThan(2_000);
    }

    @Test
    void theCommonFormsTakeTheFastPath() {
        assertThat(IsoTimestamps.parse("2024-05-01 12:00:00.123")).isEqualTo(LocalDateTime.of(2024, 5, 1, 12, 0, 0,
                123_000_000));
        assertThat(IsoTimestamps.parse("2024-05-01T12:00:00.5-01:30")).isEqualTo(LocalDateTime.of(2024, 5, 1, 13, 30,
                0, 500_000_000));
        assertThat(IsoTimestamps.parse("2024-05-01T12:00Z")).isEqualTo(LocalDateTime.of(2024, 5, 1, 12, 0));
    }

    @Test
    void columnValuesKeepTheirMeaningAndErrors() throws Exception {
        assertThat(TextValues.localTimestamp("ts", " 2024-05-01T12:00:00.123+02:00 "))
                .isEqualTo(LocalDateTime.of(2024, 5, 1, 10, 0, 0, 123_000_000));
        assertThat(TextValues.localTimestamp("ts", "1714564800123"))
                .isEqualTo(LocalDateTime.of(2024, 5, 1, 12, 0, 0, 123_000_000));
        assertThatThrownBy(() -> TextValues.localTimestamp("ts", "2024-05-01T12:00:00.1234567890"))
                .isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void aTimestampReadFromARecordsBytesIsTheColumnValueOfItsText() throws Exception {
        Random random = new Random(20261206L);
        List<String> texts = new ArrayList<>(EDGE_CASES);
        texts.addAll(List.of("1677-12-31T23:59:59.999Z", "1678-01-01T00:00:00+17:59", "1678-01-01T00:00:00-17:59",
                "2261-12-31T23:59:59.999999999-17:59", "2261-12-31T23:59:59+17:59", "2262-01-01T00:00:00Z",
                "1900-02-28T23:59:59-01:00", "2000-02-29T23:30:00-01:00", "2100-03-01T00:00:00+01:00",
                "1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00.0000001+00:01"));
        for (int k = 0; k < 20_000; k++) {
            int year = 1600 + random.nextInt(800);
            String text = String.format("%04d-%02d-%02d%c%02d:%02d", year, 1 + random.nextInt(12),
                    1 + random.nextInt(31), random.nextBoolean() ? 'T' : ' ', random.nextInt(24), random.nextInt(60));
            if (random.nextInt(4) > 0) {
                text += String.format(":%02d", random.nextInt(60));
                if (random.nextBoolean()) {
                    text += "." + String.valueOf(random.nextLong() & Long.MAX_VALUE).substring(0, 1 + random.nextInt(9));
                }
            }
            text += switch (random.nextInt(4)) {
                case 0 -> "Z";
                case 1 -> String.format("%c%02d:%02d", random.nextBoolean() ? '+' : '-', random.nextInt(18),
                        random.nextInt(60));
                case 2 -> String.format("%c%02d%02d", random.nextBoolean() ? '+' : '-', random.nextInt(18),
                        random.nextInt(60));
                default -> "";
            };
            texts.add(text);
        }
        int fast = 0;
        for (String text : texts) {
            byte[] record = ("{\"ts\":\"" + text + "\"}").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            int from = 7;
            for (int precision : new int[] {0, 3, 6, 9}) {
                org.apache.flink.table.types.logical.TimestampType type =
                        new org.apache.flink.table.types.logical.TimestampType(precision);
                Object fromBytes = IsoTimestamps.timestamp(record, from, from + text.length(), precision);
                Object fromText;
                try {
                    // the formatter's reading, independent of the hand-written parser
                    fromText = TextValues.timestamp(TextValues.generalTimestamp(text), precision);
                } catch (java.time.DateTimeException e) {
                    assertThat(fromBytes).as("'%s' is refused by the formatter (%s)", text, e.getMessage()).isNull();
                    continue;
                }
                assertThat(TextValues.parse("ts", type, text)).as("'%s' as a column value", text).isEqualTo(fromText);
                if (fromBytes != null) {
                    assertThat(fromBytes).as("'%s' at precision %d", text, precision).isEqualTo(fromText);
                    fast++;
                }
            }
        }
        assertThat(fast).as("timestamps read from bytes").isGreaterThan(40_000);
    }

    /** @return whether the fast path took the text */
    private static boolean assertSameAsFormatter(String text) {
        LocalDateTime fast = IsoTimestamps.parse(text);
        LocalDateTime general;
        try {
            general = TextValues.generalTimestamp(text);
        } catch (java.time.DateTimeException e) {
            assertThat(fast).as("'%s' is refused by the formatter (%s)", text, e.getMessage()).isNull();
            return false;
        }
        if (fast != null) {
            assertThat(fast).as("'%s'", text).isEqualTo(general);
        }
        return fast != null;
    }
}
