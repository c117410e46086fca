package dev.tributary.cli.dev;

/**
 * The pipeline's record counters summed over all attempts of its job: Flink's task metrics start again at 0 when
 * the job restarts, so a counter that goes down means a new attempt, and what the last one counted is kept.
 */
final class AttemptTotals {

    private PipelineMetrics done = PipelineMetrics.NONE;
    private PipelineMetrics current = PipelineMetrics.NONE;

    /** Takes one scrape; returns the counters over all attempts so far, with the job's counts from the scrape. */
    synchronized PipelineMetrics add(PipelineMetrics now) {
        if (now.restarts() < 0) {
            return total();
        }
        done = new PipelineMetrics(
                done.recordsIn() + (now.recordsIn() < current.recordsIn() ? current.recordsIn() : 0),
                done.recordsOut() + (now.recordsOut() < current.recordsOut() ? current.recordsOut() : 0),
                done.lateRecords() + (now.lateRecords() < current.lateRecords() ? current.lateRecords() : 0),
                done.deadLetters() + (now.deadLetters() < current.deadLetters() ? current.deadLetters() : 0),
                -1, -1, -1);
        current = now;
        return total();
    }

    synchronized PipelineMetrics total() {
        return new PipelineMetrics(done.recordsIn() + current.recordsIn(), done.recordsOut() + current.recordsOut(),
                done.lateRecords() + current.lateRecords(), done.deadLetters() + current.deadLetters(),
                current.completedCheckpoints(), current.failedCheckpoints(), current.restarts());
    }
}
