package dev.tributary.autoscaler;

/**
 * The TaskManager counts the autoscaler may choose: {@code parallelism.min..max} in slots, never more readers than the
 * partitions the sources spread over.
 *
 * @param minParallelism      {@code parallelism.min}
 * @param maxParallelism      {@code parallelism.max}
 * @param partitions          the largest partition count among the pipeline's source topics
 * @param slotsPerTaskManager {@code taskManager.taskSlots}
 */
public record ScalingBounds(int minParallelism, int maxParallelism, int partitions, int slotsPerTaskManager) {

    public ScalingBounds {
        requirePositive("minParallelism", minParallelism);
        requirePositive("maxParallelism", maxParallelism);
        requirePositive("partitions", partitions);
        requirePositive("slotsPerTaskManager", slotsPerTaskManager);
    }

    public int minTaskManagers() {
        return Math.min(ceilDiv(minParallelism, slotsPerTaskManager), maxTaskManagers());
    }

    /** Readers beyond the partition count would idle, so the partitions cap the count even above {@code min}. */
    public int maxTaskManagers() {
        return Math.max(1, Math.min(maxParallelism, partitions) / slotsPerTaskManager);
    }

    /** {@code parallelism.min} asks for more readers than there are partitions: the partitions win. */
    public boolean minAbovePartitions() {
        return minParallelism > partitions;
    }

    public int clamp(int taskManagers) {
        return Math.max(minTaskManagers(), Math.min(maxTaskManagers(), taskManagers));
    }

    /**
     * The smallest count, within bounds, whose busiest reader has no more partitions than it would have at
     * {@code taskManagers}: 24 partitions over 7 readers leave one reader 4 partitions, as 6 readers do, so 7 buys
     * nothing over 6.
     */
    public int evenCount(int taskManagers) {
        int clamped = clamp(taskManagers);
        int partitionsPerReader = ceilDiv(partitions, clamped * slotsPerTaskManager);
        int readers = ceilDiv(partitions, partitionsPerReader);
        return clamp(ceilDiv(readers, slotsPerTaskManager));
    }

    /**
     * How much of a perfectly even spread {@code taskManagers} deliver: the busiest reader decides when lag grows.
     * 1.0 when every reader has the same number of partitions.
     */
    public double spreadEfficiency(int taskManagers) {
        int readers = Math.min(partitions, Math.max(1, taskManagers) * slotsPerTaskManager);
        int busiest = ceilDiv(partitions, readers);
        return (double) partitions / ((double) busiest * readers);
    }

    static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
