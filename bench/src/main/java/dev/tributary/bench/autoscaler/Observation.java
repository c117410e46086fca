package dev.tributary.bench.autoscaler;

/**
 * What a controller can see at a poll: the lag from committed offsets and rates averaged over its poll interval.
 *
 * @param busyRatio NaN when the job restarted within the interval
 */
record Observation(int second, int taskManagers, double committedLag, double inputRate, double processedRate,
                   double busyRatio) {
}
