package dev.tributary.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScaleReportTest {

    private static ContenderResult result(String name, Duration converged, long applyWrites, long changeWrites,
            long idleWrites, long heap) {
        return new ContenderResult(name, 10, Duration.ofSeconds(1), converged, Map.of("deployments patch", applyWrites),
                converged, Map.of("deployments patch", changeWrites), Duration.ofMinutes(5),
                idleWrites == 0 ? Map.of() : Map.of("deployments update", idleWrites), Duration.ofSeconds(3), heap);
    }

    @Test
    void eachTargetIsJudgedFromTheFigures() {
        ContenderResult operator = result("operator", Duration.ofSeconds(42), 100, 20, 0, 30 * 1024);
        ContenderResult naive = result("naive", Duration.ofSeconds(30), 5000, 400, 3000, -1);
        String verdicts = ScaleReport.verdicts(operator, naive);
        assertThat(verdicts).doesNotContain("MISSED");
        assertThat(ScaleReport.table(operator, naive, "1.0 1.0 1.0")).contains("50.0x").contains("20.0x");
    }

    @Test
    void aSlowConvergenceIdleWritesAndTooFewSavedWritesAreMissed() {
        ContenderResult operator = result("operator", Duration.ofSeconds(61), 100, 20, 3, 80 * 1024);
        ContenderResult naive = result("naive", Duration.ofSeconds(30), 500, 400, 0, -1);
        String verdicts = ScaleReport.verdicts(operator, naive);
        assertThat(verdicts.lines().filter(l -> l.contains("MISSED"))).hasSize(4);
    }
}
