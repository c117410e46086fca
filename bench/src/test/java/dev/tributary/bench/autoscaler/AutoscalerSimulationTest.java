package dev.tributary.bench.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulation is deterministic (simulated time, no clock), so the policy's targets against the KEDA-style rule and
 * the oracle hold as assertions. The sawtooth's TaskManager·s are held to what the reversal target allows, not to
 * 1.2× the oracle: the best schedule with at most one reversal an hour and the lag within target, found by
 * {@link ScheduleSearch} knowing the whole trace, is 1.33× the oracle (bench/README.md).
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
    void onTheSawtoothNoScheduleWithinTheReversalAndLagTargetsComesWithinAFifthOfTheOracle() {
        TraceComparison sawtooth = RUNS.stream().filter(r -> r.trace().name().equals("sawtooth")).findFirst()
                .orElseThrow();
        ScheduleSearch.Best best = TraceComparison.sawtoothBound(false);
        double bound = best.taskManagerSeconds() / sawtooth.oracleTaskManagerSeconds();
        assertThat(best.reversals()).isLessThanOrEqualTo(6);
        assertThat(bound).as("the best schedule knowing the trace").isGreaterThan(1.2).isLessThan(1.4);
        assertThat(sawtooth.taskManagerSecondsRatio()).as("the policy, which holds the peak's count after one flap")
                .isLessThanOrEqualTo(1.12 * bound);
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
