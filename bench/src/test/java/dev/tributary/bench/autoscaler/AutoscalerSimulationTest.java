package dev.tributary.bench.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulation is deterministic (simulated time, no clock), so the policy's targets against the KEDA-style rule and
 * the oracle hold as assertions. The spike's TaskManager·s (1.5× the oracle: ten minutes of scale-down delay at the
 * catch-up count after a 150 s burst) and the sawtooth's (the reversal target keeps it high) are reported by the
 * benchmark, not asserted.
 */
class AutoscalerSimulationTest {

    private static final List<TraceComparison> RUNS = LoadTrace.all().stream().map(TraceComparison::of).toList();

    @Test
    void settlesAfterAStepInAtMostThreeActions() {
        RUNS.stream().filter(r -> !r.trace().steps().isEmpty()).forEach(r ->
                assertThat(r.tributary().actionsAfterStep()).as(r.trace().name()).isBetween(1, 3));
    }

    @Test
    void atMostHalfTheRescalesOfTheKedaRule() {
        RUNS.forEach(r -> assertThat(r.rescaleRatio()).as(r.trace().name()).isLessThanOrEqualTo(0.5));
    }

    @Test
    void atMostHalfTheAccumulatedLagOfTheKedaRule() {
        RUNS.stream().filter(TraceComparison::limitsLag).forEach(r ->
                assertThat(r.lagRatio()).as(r.trace().name()).isLessThanOrEqualTo(0.5));
    }

    @Test
    void taskManagerSecondsWithinAFifthOfTheOracleWhereLoadSteps() {
        RUNS.stream().filter(r -> List.of("step up", "step down", "ramp", "diurnal", "slow sink")
                .contains(r.trace().name())).forEach(r ->
                assertThat(r.taskManagerSecondsRatio()).as(r.trace().name()).isLessThanOrEqualTo(1.2));
    }

    @Test
    void atMostOneReversalPerHourOnTheSawtooth() {
        TraceComparison sawtooth = RUNS.stream().filter(r -> r.trace().name().equals("sawtooth")).findFirst()
                .orElseThrow();
        assertThat(sawtooth.tributary().reversalsPerHour()).isLessThanOrEqualTo(1.0);
        assertThat(sawtooth.keda().reversalsPerHour()).as("the baseline flaps").isGreaterThan(5);
    }

    @Test
    void aSlowSinkGetsOneTryNotEveryTaskManager() {
        TraceComparison slowSink = RUNS.stream().filter(r -> r.trace().name().equals("slow sink")).findFirst()
                .orElseThrow();
        assertThat(slowSink.tributary().taskManagerSeconds())
                .isLessThan(0.25 * slowSink.keda().taskManagerSeconds());
    }
}
