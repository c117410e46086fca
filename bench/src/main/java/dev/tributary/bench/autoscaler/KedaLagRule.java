package dev.tributary.bench.autoscaler;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The rule people write with KEDA's Kafka scaler: replicas = ceil(lag / lagThreshold), polled every 30 s, applied by
 * the HPA with its defaults (10 % tolerance, scale-up at most doubling or +4 per step, 300 s scale-down
 * stabilisation), capped at the partition count.
 */
final class KedaLagRule implements Controller {

    private static final double TOLERANCE = 0.1;
    private static final int STABILISATION_SECONDS = 300;

    private final double lagThreshold;
    private final Deque<int[]> recommendations = new ArrayDeque<>();

    /** @param lagThreshold records per replica; a fair choice is what one TaskManager drains in the target lag */
    KedaLagRule(double lagThreshold) {
        this.lagThreshold = lagThreshold;
    }

    @Override
    public String name() {
        return "keda rule";
    }

    @Override
    public int pollSeconds() {
        return 30;
    }

    @Override
    public int poll(Observation seen) {
        int current = seen.taskManagers();
        double ratio = seen.committedLag() / (lagThreshold * current);
        int raw = Math.abs(ratio - 1) <= TOLERANCE ? current : (int) Math.ceil(seen.committedLag() / lagThreshold);
        raw = Math.max(1, Math.min(SimulatedPipeline.PARTITIONS, raw));
        recommendations.addLast(new int[] {seen.second(), raw});
        while (recommendations.peekFirst()[0] < seen.second() - STABILISATION_SECONDS) {
            recommendations.removeFirst();
        }
        if (raw > current) {
            return Math.min(raw, Math.max(2 * current, current + 4));
        }
        int stabilised = recommendations.stream().mapToInt(r -> r[1]).max().orElse(current);
        return Math.min(current, stabilised);
    }
}
