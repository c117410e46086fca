package dev.tributary.autoscaler;

import java.time.Duration;
import java.time.Instant;

/**
 * One observation of a running pipeline, averaged over the poll interval.
 *
 * @param time                   when it was taken
 * @param taskManagers           TaskManagers running now
 * @param lagRecords             records behind over all source partitions, or {@link #UNKNOWN_LAG} when no offsets
 *                               were committed yet (an empty topic or a new group is not lag)
 * @param inputRate              records per second arriving on the source topics
 * @param processedRate          records per second the job read
 * @param busyRatio              share of time the busiest operator was busy, 0..1, or NaN when unknown
 * @param committedOffsetsDelay  how far committed offsets may trail what the job has read: Flink commits at
 *                               checkpoints, so one checkpoint interval when lag comes from committed offsets,
 *                               zero when it comes from the readers' own positions
 */
public record LoadSample(Instant time, int taskManagers, long lagRecords, double inputRate, double processedRate,
                         double busyRatio, Duration committedOffsetsDelay) {

    public static final long UNKNOWN_LAG = -1;

    public boolean lagKnown() {
        return lagRecords >= 0;
    }

    public boolean busyKnown() {
        return !Double.isNaN(busyRatio) && busyRatio > 0.05;
    }

    /**
     * The backlog without the part that only reflects when offsets were last committed: up to one checkpoint interval
     * of input sits between the last commit and what the job has read. Scaling on that sawtooth would add
     * TaskManagers for lag that is not there.
     */
    public double backlog() {
        double commitTrail = inputRate * committedOffsetsDelay.toMillis() / 1000.0;
        return Math.max(0, lagRecords - commitTrail);
    }
}
