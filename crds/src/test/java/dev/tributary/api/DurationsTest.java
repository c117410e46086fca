package dev.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms, 500", "30s, 30000", "5m, 300000", "1h30m, 5400000", "1.5s, 1500", "2h0m10s, 7210000"})
    void readsGoDurations(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "5 m", "1d", "-5s", "ten seconds", "PT30S"})
    void rejectsAnythingElseWithAHint(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "' is not a duration").hasMessageContaining("30s");
    }

    @ParameterizedTest
    @CsvSource({"500, 500ms", "30000, 30s", "5400000, 1h30m", "0, 0s", "61500, 1m1s500ms"})
    void formatsShortest(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }

    @org.junit.jupiter.api.Test
    void fallsBackOnlyWhenUnset() {
        assertThat(Durations.parse(null, "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("1m", "30s")).isEqualTo(Duration.ofMinutes(1));
    }
}
