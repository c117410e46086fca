package dev.tributary.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunVerdictTest {

    @Test
    void aRunWithOutputAndFewDeadLettersIsASuccess() {
        assertThat(RunVerdict.reasons(1000, 0, null, 1000, 40, 100, 10)).isEmpty();
    }

    @Test
    void everyRecordDeadLetteredFailsTwice() {
        assertThat(RunVerdict.reasons(1000, 0, null, 1000, 0, 1000, 10)).containsExactly(
                "no record reached a sink (1000 records in, 0 out)",
                "1000 dead letters, 100.0 % of the 1000 records read (more than --max-dead-letters 10 %; the reasons"
                        + " are above)");
    }

    @Test
    void moreDeadLettersThanTheThresholdFail() {
        assertThat(RunVerdict.reasons(1000, 0, null, 1000, 900, 101, 10)).singleElement().asString()
                .startsWith("101 dead letters, 10.1 % of the 1000 records read (more than --max-dead-letters 10 %");
        assertThat(RunVerdict.reasons(1000, 0, null, 1000, 900, 101, 12.5)).isEmpty();
    }

    @Test
    void recordsTheBrokerRefusedFail() {
        assertThat(RunVerdict.reasons(3000, 3000, "InvalidRecordException: Compacted topic cannot accept message"
                + " without key", 0, 0, 0, 10)).containsExactly("the broker refused 3000 of 3000 generated records"
                + " (InvalidRecordException: Compacted topic cannot accept message without key)",
                "no record reached a sink (0 records in, 0 out)");
    }
}
