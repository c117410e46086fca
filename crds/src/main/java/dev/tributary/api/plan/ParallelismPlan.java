package dev.tributary.api.plan;

/** Parallelism to start with and the bounds, already capped by the sources' partitions. */
public record ParallelismPlan(int initial, int min, int max) {
}
