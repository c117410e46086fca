package dev.tributary.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CrashPointsTest {

    private final CrashPoints points = new CrashPoints();
    private final AtomicInteger kills = new AtomicInteger();

    @Test
    void theArmedActionsResponseKillsOnceAndStopsTheProxiesUntilReset() {
        points.arm(2, kills::incrementAndGet);
        assertThat(points.record("kube POST /a")).isFalse();
        assertThat(points.record("kube PATCH /b")).isTrue();
        assertThat(points.trip()).as("the kill ran").isTrue();
        assertThat(points.trip()).as("once").isFalse();
        assertThat(kills).hasValue(1);
        assertThat(points.tripped()).isTrue();
        points.reset();
        assertThat(points.tripped()).isFalse();
    }

    @Test
    void aTripAfterTheResetStopsNothing() {
        // A second chunk of the armed response, read after the test reset the points and started the next operator:
        // before, it tripped again with no kill armed, and every proxy stopped forwarding to the new operator.
        points.arm(1, kills::incrementAndGet);
        points.record("kube PATCH /deployments/counter-jobmanager");
        points.trip();
        points.arm(0, () -> { });
        points.reset();
        assertThat(points.trip()).isFalse();
        assertThat(points.tripped()).isFalse();
        assertThat(kills).hasValue(1);
    }

    @Test
    void aResponseThatComesAfterTheFlowEndedStopsNothing() {
        points.arm(Pattern.compile("kafka CreateTopics"), kills::incrementAndGet);
        points.record("kafka CreateTopics");
        points.arm(0, () -> { }); // the flow converged before the response came back
        assertThat(points.trip()).as("the proxy forwards the response to the live operator").isFalse();
        assertThat(points.tripped()).isFalse();
        assertThat(kills).hasValue(0);
    }

    @Test
    void connectionsOpenedBeforeAKillBelongToAnotherEpoch() {
        int before = points.epoch();
        points.arm(1, () -> assertThat(points.epoch()).as("while the kill runs").isEqualTo(-1));
        points.record("flink POST /jobs/x/stop");
        points.trip();
        assertThat(points.epoch()).isNotEqualTo(before).isNotNegative();
    }
}
