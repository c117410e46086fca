package dev.tributary.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterReasonsTest {

    @Test
    void oneKindOfErrorIsOneReasonWhateverTheRecordsValues() {
        assertThat(DeadLetterReasons.kind("column 'ts': 'yesterday' is not a valid TIMESTAMP(3)"))
                .isEqualTo("column 'ts': '…' is not a valid TIMESTAMP(3)");
        assertThat(DeadLetterReasons.kind("required field 'n' is missing")).isEqualTo("required field 'n' is missing");
        assertThat(DeadLetterReasons.kind("record of 2000123 bytes (key 4, value 2000100, headers 19) exceeds the"
                + " limit of 1048576 bytes (--max-record-bytes)")).isEqualTo("record of N bytes (key N, value N,"
                + " headers N) exceeds the limit of N bytes (--max-record-bytes)");
        assertThat(DeadLetterReasons.kind("column 'amount': 12.5 is out of range for INT"))
                .isEqualTo("column 'amount': N is out of range for INT");
        assertThat(DeadLetterReasons.kind("column 'p': 123456789.5 does not fit DECIMAL(10, 2)"))
                .isEqualTo("column 'p': N does not fit DECIMAL(10, 2)");
    }

    @Test
    void countsByReasonKeepsTheFirstOfEachAsExampleAndTellsEachNewReasonOnce() {
        List<String> told = new ArrayList<>();
        DeadLetterReasons reasons = new DeadLetterReasons(told::add);
        for (int i = 0; i < 5; i++) {
            reasons.add(source("orders", "column 'ts': 'day " + i + "' is not a valid TIMESTAMP(3)", i),
                    ("{\"ts\":\"day " + i + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        reasons.add(source("orders", "malformed JSON: Unexpected end-of-input", 9), "{".getBytes(StandardCharsets.UTF_8));
        RecordHeaders sink = new RecordHeaders();
        sink.add("tributary.sink", "alerts".getBytes(StandardCharsets.UTF_8));
        sink.add("tributary.error", "column 'code' is VARCHAR(3) but the value has 5 characters"
                .getBytes(StandardCharsets.UTF_8));
        reasons.add(sink, "{\"code\":\"ABCDE\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(reasons.total()).isEqualTo(7);
        assertThat(told).containsExactly(
                "Source orders: column 'ts': '…' is not a valid TIMESTAMP(3)  e.g. column 'ts': 'day 0' is not a"
                        + " valid TIMESTAMP(3) (it.orders partition 0 offset 0), value {\"ts\":\"day 0\"}",
                "Source orders: malformed JSON: Unexpected end-of-input  e.g. malformed JSON: Unexpected"
                        + " end-of-input (it.orders partition 0 offset 9), value {",
                "Sink alerts: column 'code' is VARCHAR(3) but the value has N characters  e.g. column 'code' is"
                        + " VARCHAR(3) but the value has 5 characters, value {\"code\":\"ABCDE\"}");
        assertThat(reasons.summary()).startsWith(
                "       5  Source orders: column 'ts': '…' is not a valid TIMESTAMP(3)",
                "          e.g. column 'ts': 'day 0' is not a valid TIMESTAMP(3) (it.orders partition 0 offset 0),"
                        + " value {\"ts\":\"day 0\"}").hasSize(6);
    }

    @Test
    void reasonsBeyondTheLimitAreCountedTogether() {
        DeadLetterReasons reasons = new DeadLetterReasons(line -> { });
        for (int i = 0; i < DeadLetterReasons.MAX_REASONS + 5; i++) {
            reasons.add(source("s", "odd error kind " + "abcdefghijklmnopqrstuvwxyz".charAt(i % 26), i), null);
        }
        assertThat(reasons.counts()).hasSize(DeadLetterReasons.MAX_REASONS + 1);
        assertThat(reasons.counts().get(new DeadLetterReasons.Reason(DeadLetterReasons.OTHER, "")).count())
                .isEqualTo(5);
        assertThat(reasons.total()).isEqualTo(DeadLetterReasons.MAX_REASONS + 5);
    }

    private static RecordHeaders source(String source, String error, long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("tributary.source", source.getBytes(StandardCharsets.UTF_8));
        headers.add("tributary.source.topic", "it.orders".getBytes(StandardCharsets.UTF_8));
        headers.add("tributary.source.partition", "0".getBytes(StandardCharsets.UTF_8));
        headers.add("tributary.source.offset", Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        headers.add("tributary.error", error.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
