package dev.tributary.bench.scale;

import java.time.Duration;
import java.util.Map;

/**
 * One controller's figures: the time from the first create until every Pipeline converged, its writes while
 * converging, for the spec change and in the idle window (by resource and verb), and its heap per Pipeline (-1 when
 * not measured). The idle CPU is the operator process's; the naive controller's is the benchmark JVM's (which also
 * polls the Pipelines meanwhile), so it is an upper bound.
 */
record ContenderResult(String name, int pipelines, Duration applied, Duration converged, Map<String, Long> applyWrites,
        Duration changeConverged, Map<String, Long> changeWrites, Duration idle, Map<String, Long> idleWrites,
        Duration idleCpu, long heapPerPipelineBytes) {

    double writesPerPipeline() {
        return (double) AuditWrites.total(applyWrites) / pipelines;
    }

    double writesPerChange() {
        return (double) AuditWrites.total(changeWrites) / pipelines;
    }

    /** Converging, the spec change and the idle window together, per Pipeline. */
    double writesPerPipelineWholeRun() {
        return (double) (AuditWrites.total(applyWrites) + AuditWrites.total(changeWrites) + idleTotal()) / pipelines;
    }

    long idleTotal() {
        return AuditWrites.total(idleWrites);
    }
}
