package dev.tributary.operator.flink;

/**
 * How hard a running job works, as its JobManager reports it over the last seconds.
 *
 * @param busyRatio              the busiest subtask of any vertex: share of time busy, 0..1, NaN when Flink does not say
 * @param backPressuredRatio     the most back-pressured subtask: share of time waiting on the next vertex, 0..1, NaN
 *                               when Flink does not say
 */
public record JobLoad(double busyRatio, double backPressuredRatio) {
}
