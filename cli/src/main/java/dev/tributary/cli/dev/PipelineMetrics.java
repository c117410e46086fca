package dev.tributary.cli.dev;

/**
 * The runtime's documented metrics, summed over subtasks, from one scrape of its Prometheus endpoint.
 * Checkpoint and restart counts are -1 until the job has reported them.
 */
record PipelineMetrics(long recordsIn, long recordsOut, long lateRecords, long deadLetters,
        long completedCheckpoints, long failedCheckpoints, long restarts) {

    static final PipelineMetrics NONE = new PipelineMetrics(0, 0, 0, 0, -1, -1, -1);

    private static final String OPERATOR = "flink_taskmanager_job_task_operator_tributary_";
    private static final String JOB = "flink_jobmanager_job_";

    /** Reads Prometheus' text format; unknown lines are ignored. */
    static PipelineMetrics parse(String text) {
        return new PipelineMetrics(
                (long) sum(text, OPERATOR + "source_recordsIn"),
                (long) sum(text, OPERATOR + "sink_recordsOut"),
                (long) sum(text, OPERATOR + "source_lateRecords"),
                (long) sum(text, OPERATOR + "source_deadLetters"),
                (long) sumOr(text, JOB + "numberOfCompletedCheckpoints", -1),
                (long) sumOr(text, JOB + "numberOfFailedCheckpoints", -1),
                (long) sumOr(text, JOB + "numRestarts", -1));
    }

    private static double sum(String text, String metric) {
        return Math.max(0, sumOr(text, metric, 0));
    }

    private static double sumOr(String text, String metric, double absent) {
        double total = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                String value = line.substring(line.lastIndexOf(' ') + 1).strip();
                try {
                    double v = Double.parseDouble(value);
                    if (!Double.isNaN(v)) {
                        total += v;
                        found = true;
                    }
                } catch (NumberFormatException ignored) {
                    // not a sample line
                }
            }
        }
        return found ? total : absent;
    }
}
