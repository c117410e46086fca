package dev.tributary.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InputHistoryTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    @Test
    void theAverageWeighsEachRateByTheTimeItHeldAndThePeakIsTheHighest() {
        InputHistory history = InputHistory.empty().add(T0, 99_000, Duration.ofHours(1))
                .add(T0.plusSeconds(450), 15_000, Duration.ofHours(1))
                .add(T0.plusSeconds(600), 50_000, Duration.ofHours(1));
        assertThat(history.average(T0.plusSeconds(600), TEN_MINUTES))
                .as("the first reading only starts the history").isEqualTo((15_000 * 450 + 50_000 * 150) / 600.0);
        assertThat(history.peak(T0.plusSeconds(600), TEN_MINUTES)).isEqualTo(50_000);
        assertThat(history.covers(T0.plusSeconds(600), TEN_MINUTES)).isTrue();
        assertThat(history.covers(T0.plusSeconds(599), TEN_MINUTES)).isFalse();
    }

    @Test
    void onlyTheWindowCountsAndOlderPiecesAreDropped() {
        InputHistory history = InputHistory.empty();
        for (int t = 0; t <= 3600; t += 15) {
            history = history.add(T0.plusSeconds(t), t < 1800 ? 50_000 : 15_000, TEN_MINUTES);
        }
        assertThat(history.average(T0.plusSeconds(3600), TEN_MINUTES)).isEqualTo(15_000);
        assertThat(history.pieces()).hasSize(40);
        assertThat(history.covers(T0.plusSeconds(3600), TEN_MINUTES)).isTrue();
    }
}
