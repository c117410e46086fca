package dev.tributary.bench.autoscaler;

/**
 * A pipeline reduced to what scaling changes: TaskManagers of a fixed capacity reading partitions (the busiest reader
 * sets the pace), a rescale that stops processing and rewinds to the last checkpoint, and offsets committed only at
 * checkpoints, so the lag a controller sees trails the real one.
 */
final class SimulatedPipeline {

    static final double CAPACITY_PER_TASK_MANAGER = 10_000;
    static final int PARTITIONS = 24;
    static final int MAX_TASK_MANAGERS = 24;
    static final int RESTART_SECONDS = 40;
    static final int CHECKPOINT_SECONDS = 30;

    private final double sinkLimit;
    private int taskManagers;
    private int restartingUntil = -1;
    private double lag;
    private double endOffset;
    private double processedOffset;
    private double committedOffset;
    private double processedTotal;

    SimulatedPipeline(int taskManagers, double sinkLimit) {
        this.taskManagers = taskManagers;
        this.sinkLimit = sinkLimit;
    }

    /** The same pipeline at the same moment, to try two futures from it. */
    SimulatedPipeline copy() {
        SimulatedPipeline copy = new SimulatedPipeline(taskManagers, sinkLimit);
        copy.restartingUntil = restartingUntil;
        copy.lag = lag;
        copy.endOffset = endOffset;
        copy.processedOffset = processedOffset;
        copy.committedOffset = committedOffset;
        copy.processedTotal = processedTotal;
        return copy;
    }

    static double capacity(int taskManagers) {
        int readers = Math.min(PARTITIONS, taskManagers);
        int busiest = (PARTITIONS + readers - 1) / readers;
        return CAPACITY_PER_TASK_MANAGER * PARTITIONS / (double) busiest;
    }

    /** The fewest TaskManagers that keep up with this input, as an oracle that knows the true rate would run. */
    static int fewestKeepingUp(double recordsPerSecond) {
        for (int n = 1; n < MAX_TASK_MANAGERS; n++) {
            if (capacity(n) >= recordsPerSecond) {
                return n;
            }
        }
        return MAX_TASK_MANAGERS;
    }

    void advance(int second, double arrivals) {
        endOffset += arrivals;
        double processed = 0;
        if (!restarting(second)) {
            processed = Math.min(Math.min(capacity(taskManagers), sinkLimit), endOffset - processedOffset);
        }
        processedOffset += processed;
        processedTotal += processed;
        lag = endOffset - processedOffset;
        if (!restarting(second) && second % CHECKPOINT_SECONDS == 0) {
            committedOffset = processedOffset;
        }
    }

    /** Reactive mode restarts the job from its latest checkpoint: what was read since then is read again. */
    void rescale(int second, int count) {
        taskManagers = count;
        restartingUntil = second + RESTART_SECONDS;
        processedOffset = committedOffset;
        lag = endOffset - processedOffset;
    }

    boolean restarting(int second) {
        return second < restartingUntil;
    }

    /** The bottleneck's busy share: the sink when it is the slowest part, else the busiest reader. */
    double busyRatio(double processedRate) {
        return Math.min(1.0, processedRate / Math.min(capacity(taskManagers), sinkLimit));
    }

    int taskManagers() {
        return taskManagers;
    }

    double lag() {
        return lag;
    }

    double committedLag() {
        return endOffset - committedOffset;
    }

    double endOffset() {
        return endOffset;
    }

    double processedTotal() {
        return processedTotal;
    }
}
