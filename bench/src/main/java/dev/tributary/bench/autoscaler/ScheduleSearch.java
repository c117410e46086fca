package dev.tributary.bench.autoscaler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fewest TaskManager·s a schedule that knows the whole trace in advance can use on a trace that changes level
 * every {@code phaseSeconds}, with a reversal budget and the real lag (as the benchmark's "max lag s": records behind
 * over the arrival rate of that second) within the target lag outside the restart and {@link #WARM_UP_SECONDS} after
 * each rescale, in the same simulated pipeline the controllers run in.
 *
 * <p>A search, not a proof over every schedule: a dynamic programme over the phase boundaries that may change the
 * count once per boundary, at a second within {@link #OFFSETS} of it (ahead of the load, which no controller can, or
 * after it), to any of {@link #COUNTS} (the counts that spread 24 partitions evenly, and 5). Per state (count, where
 * the boundary fell, last direction, reversals so far, the last reversal while it still binds) it keeps the cheapest
 * path so far; paths in one state can differ in backlog, so a costlier path it dropped could in principle have ended
 * cheaper. The schedule it reports is simulated whole: its TaskManager·s are achieved.
 */
final class ScheduleSearch {

    static final int[] COUNTS = {2, 3, 4, 5, 6, 8};
    static final int[] OFFSETS = {-120, -90, -60, -45, -30, -15, 0, 15, 30, 45, 60, 90, 120, 180};
    /** After a rescale the lag may exceed the target for the restart and this much warm-up, as the policy allows. */
    static final int WARM_UP_SECONDS = 60;
    private static final int NONE = Integer.MIN_VALUE;

    /** The best schedule found: its TaskManager·s and rescales as "second→count". */
    record Best(double taskManagerSeconds, int reversals, List<String> rescales) {
    }

    private record Key(int count, int offset, int direction, int reversals, int lastReversal) {
    }

    private record Node(SimulatedPipeline pipeline, double taskManagerSeconds, int excusedUntil, int boundary,
                        List<String> rescales) {
    }

    private ScheduleSearch() {
    }

    /**
     * @param maxReversals             reversals allowed over the whole trace
     * @param secondsBetweenReversals  0, or how far apart any two reversals must be (one an hour in any hour: 3600)
     */
    static Best best(LoadTrace trace, int phaseSeconds, int maxReversals, int secondsBetweenReversals,
                     double targetLagSeconds) {
        int start = SimulatedPipeline.fewestKeepingUp(trace.rateAt(0));
        Map<Key, Node> layer = new HashMap<>();
        layer.put(new Key(start, 0, 0, 0, NONE), new Node(new SimulatedPipeline(start, trace.sinkLimit()), 0, -1, -1,
                List.of()));
        for (int phase = 1; phase * phaseSeconds < trace.seconds(); phase++) {
            Map<Key, Node> next = new HashMap<>();
            for (Map.Entry<Key, Node> entry : layer.entrySet()) {
                Key key = entry.getKey();
                for (int count : COUNTS) {
                    int[] offsets = count == key.count() ? new int[] {0} : OFFSETS;
                    for (int offset : offsets) {
                        int boundary = phase * phaseSeconds + offset;
                        int direction = Integer.signum(count - key.count());
                        boolean reversal = direction != 0 && key.direction() != 0 && direction != key.direction();
                        int reversals = key.reversals() + (reversal ? 1 : 0);
                        if (reversals > maxReversals || boundary <= entry.getValue().boundary()
                                || reversal && key.lastReversal() != NONE
                                && boundary - key.lastReversal() < secondsBetweenReversals) {
                            continue;
                        }
                        Node reached = advance(trace, entry.getValue(), boundary, targetLagSeconds);
                        if (reached == null) {
                            continue;
                        }
                        if (count != key.count()) {
                            reached.pipeline().rescale(boundary, count);
                            List<String> rescales = new ArrayList<>(reached.rescales());
                            rescales.add(boundary + "→" + count);
                            reached = new Node(reached.pipeline(), reached.taskManagerSeconds(),
                                    boundary + SimulatedPipeline.RESTART_SECONDS + WARM_UP_SECONDS, boundary,
                                    rescales);
                        }
                        int lastReversal = reversal ? boundary : key.lastReversal();
                        int earliestNextReversal = (phase + 1) * phaseSeconds + OFFSETS[0];
                        if (lastReversal != NONE && earliestNextReversal - lastReversal >= secondsBetweenReversals) {
                            lastReversal = NONE; // the gap no longer binds: states that differ only here merge
                        }
                        Key nextKey = new Key(count, count == key.count() ? 0 : offset,
                                direction == 0 ? key.direction() : direction, reversals, lastReversal);
                        Node known = next.get(nextKey);
                        if (known == null || reached.taskManagerSeconds() < known.taskManagerSeconds()) {
                            next.put(nextKey, reached);
                        }
                    }
                }
            }
            layer = next;
        }
        Best best = null;
        for (Map.Entry<Key, Node> entry : layer.entrySet()) {
            Node end = advance(trace, entry.getValue(), trace.seconds() - 1, targetLagSeconds);
            if (end != null && (best == null || end.taskManagerSeconds() < best.taskManagerSeconds())) {
                best = new Best(end.taskManagerSeconds(), entry.getKey().reversals(), end.rescales());
            }
        }
        return best;
    }

    /** Runs the pipeline on from the node's boundary to {@code until} (inclusive); null if the lag broke the target. */
    private static Node advance(LoadTrace trace, Node from, int until, double targetLagSeconds) {
        SimulatedPipeline pipeline = from.pipeline().copy();
        double taskManagerSeconds = from.taskManagerSeconds();
        for (int second = from.boundary() + 1; second <= until; second++) {
            double arrivals = trace.rateAt(second);
            pipeline.advance(second, arrivals);
            taskManagerSeconds += pipeline.taskManagers();
            if (second >= from.excusedUntil() && pipeline.lag() > targetLagSeconds * arrivals) {
                return null;
            }
        }
        return new Node(pipeline, taskManagerSeconds, from.excusedUntil(), until, from.rescales());
    }
}
