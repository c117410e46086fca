package dev.tributary.operator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.LagStatus;
import dev.tributary.operator.topic.admin.ConsumerLag;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LagReadingsTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    private final LagReadings readings = new LagReadings();

    @Test
    void aGroupThatNeverCommittedHasNoLag() {
        assertThat(readings.status("p", new ConsumerLag(0, 0, 3, 3), T0)).isEmpty();
    }

    @Test
    void recordsAtOnceAndSecondsOnceTheOffsetsHaveMoved() {
        LagStatus first = readings.status("p", new ConsumerLag(6_000, 10_000, 3, 0), T0).orElseThrow();
        assertThat(first.records).isEqualTo(6_000);
        assertThat(first.seconds).isNull();

        // 3,000 records committed in 30 s: 100 rec/s, so 6,000 behind is 60 s
        LagStatus second = readings.status("p", new ConsumerLag(6_000, 13_000, 3, 0), T0.plusSeconds(30))
                .orElseThrow();
        assertThat(second.seconds).isEqualTo(60.0);
    }

    @Test
    void aPollBetweenCheckpointsKeepsTheRateOfTheLastMove() {
        readings.status("p", new ConsumerLag(6_000, 10_000, 3, 0), T0);
        readings.status("p", new ConsumerLag(6_000, 13_000, 3, 0), T0.plusSeconds(30));
        LagStatus between = readings.status("p", new ConsumerLag(9_000, 13_000, 3, 0), T0.plusSeconds(45))
                .orElseThrow();
        assertThat(between.records).isEqualTo(9_000);
        assertThat(between.seconds).isEqualTo(90.0);
    }

    @Test
    void caughtUpIsZeroSeconds() {
        assertThat(readings.status("p", new ConsumerLag(0, 500, 2, 0), T0).orElseThrow().seconds).isZero();
    }

    @Test
    void pipelinesAreKeptApart() {
        readings.status("a", new ConsumerLag(100, 1_000, 1, 0), T0);
        readings.status("b", new ConsumerLag(100, 5_000, 1, 0), T0);
        LagStatus a = readings.status("a", new ConsumerLag(100, 1_100, 1, 0), T0.plusSeconds(10)).orElseThrow();
        assertThat(a.seconds).isEqualTo(10.0);
    }
}
