package dev.tributary.bench.scale;

import java.time.Duration;
import java.util.Map;

/**
 * One controller's figures: the time from the first create until every Pipeline converged, its writes while
 * converging, for the spec change and in the idle window (by resource and verb), and its heap per Pipeline (-1 when
 * not measured).
 */
record ContenderResult(String name, int pipelines, Duration applied, Duration converged, Map<String, Long> applyWrites,
        Duration changeConverged, Map<String, Long> changeWrites, Duration idle, Map<String, Long> idleWrites,
        long heapPerPipelineBytes) {

    double writesPerPipeline() {
        return (double) AuditWrites.total(applyWrites) / pipelines;
    }

    double writesPerChange() {
        return (double) AuditWrites.total(changeWrites) / pipelines;
    }

    long idleTotal() {
        return AuditWrites.total(idleWrites);
    }
}
