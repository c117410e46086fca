package dev.tributary.bench.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulation is deterministic (simulated time, no clock), so the policy's targets against the KEDA-style rule and
 * the oracle hold as assertions. The sawtooth's TaskManager·s (1.47× the oracle) are held to what the reversal target
 * allows, not to 1.2×: with at most one reversal an hour a 15/15-minute swing cannot be followed, and no fixed count
 * is within 1.2× of the oracle without more lag than half the KEDA rule's (bench/README.md).
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
    void taskManagerSecondsWithinAFifthOfTheOracleOnEveryTraceButTheSawtooth() {
        RUNS.stream().filter(TraceComparison::followsLoad).forEach(r ->
                assertThat(r.taskManagerSecondsRatio()).as(r.trace().name()).isLessThanOrEqualTo(1.2));
        assertThat(RUNS.stream().filter(TraceComparison::followsLoad).count()).isEqualTo(6);
    }

    @Test
    void theSawtoothHoldsThePeaksCountAfterOneFlapNotTheCatchUpCount() {
        TraceComparison sawtooth = RUNS.stream().filter(r -> r.trace().name().equals("sawtooth")).findFirst()
                .orElseThrow();
        assertThat(sawtooth.taskManagerSecondsRatio()).as("6 TaskManagers, the peak's count, are 1.5× the oracle")
                .isLessThanOrEqualTo(1.5);
    }

    @Test
    void noTargetIsMissedButTheSawtoothsTaskManagerSeconds() {
        assertThat(RUNS.stream().flatMap(r -> r.missedTargets().stream()).toList()).isEmpty();
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
