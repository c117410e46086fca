package dev.tributary.bench.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRanksOfTheSortedLatencies() {
        List<Long> millis = new ArrayList<>();
        for (long i = 1; i <= 200; i++) {
            millis.add(i);
        }
        Collections.shuffle(millis);
        Latencies l = Latencies.of(millis);
        assertThat(l.p50()).isEqualTo(100);
        assertThat(l.p99()).isEqualTo(198);
        assertThat(l.max()).isEqualTo(200);
        assertThat(l.count()).isEqualTo(200);
    }

    @Test
    void oneSlowRecordInAHundredIsTheP99() {
        List<Long> millis = new ArrayList<>(Collections.nCopies(99, 10L));
        millis.add(5_000L);
        assertThat(Latencies.of(millis).p99()).isEqualTo(10);
        millis.add(5_000L);
        assertThat(Latencies.of(millis).p99()).isEqualTo(5_000);
    }

    @Test
    void noLatencyIsAnErrorNotAZero() {
        assertThatThrownBy(() -> Latencies.of(List.of())).hasMessageContaining("no record of the measured window");
    }

    @Test
    void aStampedRecordReadsBackAsThePipelineWritesIt() {
        assertThat(StampedRecords.parse(StampedRecords.record(42, 1_733_000_000_123L))).containsExactly(42,
                1_733_000_000_123L);
        assertThat(StampedRecords.parse("{\"sent\":7,\"id\":3}".getBytes())).containsExactly(3, 7);
    }
}
