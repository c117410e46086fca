package dev.tributary.autoscaler;

import static dev.tributary.autoscaler.Figures.duration;
import static dev.tributary.autoscaler.Figures.rate;
import static dev.tributary.autoscaler.Figures.seconds;
import static dev.tributary.autoscaler.Figures.taskManagers;

import java.time.Duration;
import java.time.Instant;

/**
 * Chooses the TaskManager count from consumer lag. A rescale restarts the job, so the policy weighs every change
 * against that cost: it scales up only when the backlog would drain sooner after the restart than without it, waits
 * out the restart's own lag before judging again, scales down only after {@code scaleDownDelay} of low load, stops
 * adding TaskManagers that did not raise throughput, and after a scale-down that had to be undone waits a whole
 * reversal window of low load before the next one.
 */
public final class LagAutoscaler {

    /** A scale-up that delivered less than this share of the throughput it promised bought nothing. */
    static final double EFFECTIVE_SHARE = 0.5;

    private final AutoscalerSettings settings;

    public LagAutoscaler(AutoscalerSettings settings) {
        this.settings = settings;
    }

    public ScalingDecision decide(LoadSample sample, ScalingBounds bounds, ScalingMemory remembered) {
        ScalingMemory memory = remembered.withInput(remembered.input().add(sample.time(), sample.inputRate(),
                max(settings.scaleDownDelay(), settings.reversalWindow())));
        int running = Math.max(0, sample.taskManagers());
        int bounded = bounds.clamp(running);
        if (bounded != running) {
            return scale(sample, memory, bounded, outOfBounds(running, bounded, bounds), Double.NaN, false);
        }
        if (!sample.lagKnown()) {
            return hold(running, "no committed offsets on the sources yet: lag unknown; keeping "
                    + taskManagers(running), Double.NaN, false, memory);
        }
        double backlog = sample.backlog();
        double lagSeconds = lagSeconds(backlog, sample.processedRate());
        Instant now = sample.time();
        if (memory.lastScaleTime() != null && now.isBefore(memory.lastScaleTime().plus(settings.stabilisation()))) {
            return hold(running, "rescaled to " + taskManagers(running) + " at " + memory.lastScaleTime()
                    + ": ignoring the restart's lag until " + memory.lastScaleTime().plus(settings.stabilisation()),
                    lagSeconds, false, memory);
        }
        ScalingMemory seen = learnCapacity(sample, bounds, lagSeconds, memory)
                .settledAfter(settings.reversalWindow(), now);
        if (seen.probeFrom() > 0) {
            ScalingDecision judged = judgeLastScaleUp(sample, bounds, lagSeconds, seen);
            if (judged != null) {
                return judged;
            }
            seen = seen.probeJudged();
        }
        if (lagSeconds > settings.targetLagSeconds()) {
            return whenBehind(sample, bounds, backlog, lagSeconds, seen);
        }
        if (seen.ceiling() > 0) {
            seen = seen.withCeiling(0);
        }
        return whenKeepingUp(sample, bounds, lagSeconds, seen);
    }

    private ScalingDecision whenBehind(LoadSample sample, ScalingBounds bounds, double backlog, double lagSeconds,
                                       ScalingMemory memory) {
        int running = sample.taskManagers();
        String behind = (Double.isFinite(lagSeconds) ? "lag " + seconds(lagSeconds)
                : "lag of " + String.format(java.util.Locale.ROOT, "%,d", Math.round(backlog))
                        + " records, processing not measured yet,") + " > target " + seconds(settings.targetLagSeconds())
                + " at " + rate(sample.inputRate()) + " in";
        double perTaskManager = memory.capacityKnown() ? memory.capacityPerTaskManager()
                : sample.processedRate() / (running * bounds.spreadEfficiency(running));
        if (!(perTaskManager > 0)) {
            return hold(running, behind + ", and nothing is processed yet: keeping " + taskManagers(running)
                    + " until the job reports a rate", lagSeconds, false, memory);
        }
        double input = sample.inputRate();
        double restart = settings.restartSeconds();
        // the headroom above the input rate is what drains a backlog: the two overlap, they do not add up
        double required = Math.max(input * (1 + settings.headroom()),
                input + (backlog + input * restart) / settings.catchUpSeconds());
        int largest = memory.ceiling() > 0 ? Math.min(memory.ceiling(), bounds.maxTaskManagers())
                : bounds.maxTaskManagers();
        if (running >= largest) {
            return hold(running, behind + atMost(running, bounds, memory), lagSeconds, true, memory);
        }
        int chosen = largest;
        for (int n = running + 1; n <= largest; n++) {
            if (capacity(n, perTaskManager, bounds) >= required) {
                chosen = n;
                break;
            }
        }
        chosen = smallestWithSameSpread(chosen, running, bounds);
        double drainNow = drainSeconds(backlog, capacity(running, perTaskManager, bounds) - input);
        double drainAfter = drainSeconds(backlog + input * restart, capacity(chosen, perTaskManager, bounds) - input);
        if (Double.isFinite(drainNow) && drainNow <= restart + drainAfter) {
            return hold(running, behind + ", but " + taskManagers(running) + " drain it in " + seconds(drainNow)
                    + ", sooner than a rescale to " + chosen + " (about " + seconds(restart) + " of restart) would: holding",
                    lagSeconds, false, memory);
        }
        String drains = Double.isFinite(drainAfter) ? " drain it in " + seconds(drainAfter)
                : " are the most that help; they do not outpace the input at the capacity seen so far";
        return scale(sample, memory, chosen, behind + "; " + taskManagers(chosen) + drains, lagSeconds,
                chosen >= bounds.maxTaskManagers());
    }

    /**
     * A scale-down must carry all the input of the last {@code scaleDownDelay} (after a flap, of the reversal window):
     * the smallest count whose capacity, with headroom, covers both the rate now and the average rate over that
     * window. A burst within the window keeps the TaskManagers its volume needs, not those its peak needed, and
     * TaskManagers added only to drain a backlog go as soon as it is drained, without waiting for the delay.
     */
    private ScalingDecision whenKeepingUp(LoadSample sample, ScalingBounds bounds, double lagSeconds,
                                          ScalingMemory memory) {
        int running = sample.taskManagers();
        String keepingUp = "lag " + seconds(lagSeconds) + " ≤ target " + seconds(settings.targetLagSeconds())
                + " at " + rate(sample.inputRate()) + " in";
        if (running <= bounds.minTaskManagers()) {
            return hold(running, keepingUp + ": " + taskManagers(running) + " keep up", lagSeconds, false, memory);
        }
        if (!memory.capacityKnown()) {
            return hold(running, keepingUp + "; what one TaskManager can take is not known yet (no busy-time"
                    + " metrics and no backlog seen): keeping " + taskManagers(running), lagSeconds, false, memory);
        }
        Instant now = sample.time();
        Duration window = memory.flapped() ? max(settings.scaleDownDelay(), settings.reversalWindow())
                : settings.scaleDownDelay();
        // after a flap the load swings: only a count that carries its peaks stands
        double average = memory.flapped() ? memory.input().peak(now, window) : memory.input().average(now, window);
        double load = Double.isNaN(average) ? sample.inputRate() : Math.max(average, sample.inputRate());
        int enough = fewestCarrying(load * (1 + settings.headroom()), sample, bounds, memory.capacityPerTaskManager());
        int forInputNow = fewestCarrying(sample.inputRate() * (1 + settings.headroom()), sample, bounds,
                memory.capacityPerTaskManager());
        if (enough >= running && memory.flapped() && forInputNow < running) {
            return hold(running, keepingUp + "; the last scale-down had to be undone within "
                    + duration(settings.reversalWindow()) + ": keeping what the peak of the last " + duration(window)
                    + " (" + rate(average) + ") needs", lagSeconds, false, memory);
        }
        if (enough >= running || lagSeconds > settings.targetLagSeconds() / 2) {
            return hold(running, keepingUp + ": " + taskManagers(running) + " keep up", lagSeconds, false, memory);
        }
        if (2 * (running - enough) < running - forInputNow) {
            return hold(running, keepingUp + "; the input of the last " + duration(window) + " fits "
                    + taskManagers(enough) + ", the rate now " + taskManagers(forInputNow) + ": scaling down once"
                    + " that gives back at least half the difference, not a restart per TaskManager", lagSeconds,
                    false, memory);
        }
        String fits = "load " + rate(sample.inputRate()) + " fits " + taskManagers(enough);
        if (!memory.input().covers(now, window)) {
            String why = memory.flapped() ? " (the last scale-down had to be undone within "
                    + duration(settings.reversalWindow()) + ")" : "";
            return hold(running, fits + "; the input is known for " + duration(memory.input().known(now))
                    + ": scaling down once it has for " + duration(window) + why, lagSeconds, false, memory);
        }
        return scale(sample, memory, enough, "the input of the last " + duration(window) + " (" + rate(average)
                + " on average, " + rate(sample.inputRate()) + " now) fits " + taskManagers(enough) + " ("
                + keepingUp.replace(" in", "") + "): scaling down from " + running, lagSeconds, false);
    }

    /**
     * The fewest TaskManagers that carry {@code needed} and whose own restart does not put the lag back above target:
     * what arrives during the restart (and the backlog left) must be under the target lag at their rate by the end of
     * the warm-up, or the next decision would scale up again.
     */
    private int fewestCarrying(double needed, LoadSample sample, ScalingBounds bounds, double perTaskManager) {
        double input = sample.inputRate();
        for (int n = bounds.minTaskManagers(); n < sample.taskManagers(); n++) {
            double capacity = capacity(n, perTaskManager, bounds);
            double afterRestart = sample.backlog() + input * settings.restartSeconds()
                    - (capacity - input) * settings.warmUp().toSeconds();
            if (capacity >= needed && afterRestart <= capacity * settings.targetLagSeconds()) {
                return n;
            }
        }
        return sample.taskManagers();
    }

    /** After a scale-up has settled: did throughput rise with the count? If not, go back and stop adding. */
    private ScalingDecision judgeLastScaleUp(LoadSample sample, ScalingBounds bounds, double lagSeconds,
                                             ScalingMemory memory) {
        int from = memory.probeFrom();
        int running = sample.taskManagers();
        boolean stillBehind = lagSeconds > settings.targetLagSeconds() / 2;
        if (!stillBehind || running <= from) {
            return null;
        }
        double before = memory.rateBeforeProbe();
        double promised = before * (bounds.spreadEfficiency(running) * running
                / (bounds.spreadEfficiency(from) * from) - 1);
        double gained = sample.processedRate() - before;
        if (gained >= EFFECTIVE_SHARE * promised) {
            return null;
        }
        ScalingMemory capped = memory.withCeiling(from);
        return scale(sample, capped, from, "scaling up from " + from + " to " + taskManagers(running)
                + " did not raise throughput (" + rate(before) + " → " + rate(sample.processedRate())
                + "): an external bottleneck such as a slow sink; back to " + from
                + " and not adding TaskManagers while lag stays above target", lagSeconds, false);
    }

    private ScalingMemory learnCapacity(LoadSample sample, ScalingBounds bounds, double lagSeconds,
                                        ScalingMemory memory) {
        int running = sample.taskManagers();
        double spread = running * bounds.spreadEfficiency(running);
        double observed;
        if (sample.busyKnown()) {
            observed = sample.processedRate() / (sample.busyRatio() * spread);
        } else if (lagSeconds > settings.targetLagSeconds() / 2 && sample.processedRate() > 0) {
            observed = sample.processedRate() / spread;
        } else {
            return memory;
        }
        double blended = memory.capacityKnown() ? 0.5 * memory.capacityPerTaskManager() + 0.5 * observed : observed;
        return memory.withCapacity(blended);
    }

    private ScalingDecision scale(LoadSample sample, ScalingMemory memory, int target, String reason,
                                  double lagSeconds, boolean atMaximum) {
        int running = sample.taskManagers();
        ScalingAction action = target > running ? ScalingAction.SCALE_UP : ScalingAction.SCALE_DOWN;
        boolean reversal = action.reverses(memory.lastAction()) && memory.lastScaleTime() != null
                && sample.time().isBefore(memory.lastScaleTime().plus(settings.reversalWindow()));
        ScalingMemory after = memory.scaled(sample.time(), action, reversal, running, sample.processedRate());
        return new ScalingDecision(target, action, reason, lagSeconds, atMaximum, after);
    }

    private static ScalingDecision hold(int running, String reason, double lagSeconds, boolean atMaximum,
                                        ScalingMemory memory) {
        return new ScalingDecision(running, ScalingAction.HOLD, reason, lagSeconds, atMaximum, memory);
    }

    private static String outOfBounds(int running, int bounded, ScalingBounds bounds) {
        String why = bounded > running
                ? taskManagers(running) + " is below parallelism.min " + bounds.minParallelism()
                : taskManagers(running) + " is above what parallelism.max " + bounds.maxParallelism() + " and the "
                        + bounds.partitions() + " source partitions allow";
        return why + ": scaling to " + bounded + partitionNote(bounds);
    }

    private static String atMost(int running, ScalingBounds bounds, ScalingMemory memory) {
        if (memory.ceiling() > 0 && memory.ceiling() < bounds.maxTaskManagers()) {
            return ", but more than " + taskManagers(memory.ceiling()) + " did not raise throughput (an external"
                    + " bottleneck such as a slow sink): holding " + running;
        }
        return ", and " + taskManagers(running) + " is the most parallelism.max " + bounds.maxParallelism()
                + " and the " + bounds.partitions() + " source partitions allow: holding" + partitionNote(bounds);
    }

    private static String partitionNote(ScalingBounds bounds) {
        return bounds.minAbovePartitions() ? " (parallelism.min " + bounds.minParallelism()
                + " asks for more readers than the " + bounds.partitions() + " partitions; readers beyond them would"
                + " idle)" : "";
    }

    private static int smallestWithSameSpread(int chosen, int running, ScalingBounds bounds) {
        double wanted = chosen * bounds.spreadEfficiency(chosen);
        int smallest = chosen;
        for (int n = chosen - 1; n > running; n--) {
            if (n * bounds.spreadEfficiency(n) >= wanted) {
                smallest = n;
            }
        }
        return smallest;
    }

    static double capacity(int taskManagers, double perTaskManager, ScalingBounds bounds) {
        return perTaskManager * taskManagers * bounds.spreadEfficiency(taskManagers);
    }

    private static double lagSeconds(double backlog, double processedRate) {
        if (backlog <= 0) {
            return 0;
        }
        return processedRate > 0 ? backlog / processedRate : Double.POSITIVE_INFINITY;
    }

    private static double drainSeconds(double backlog, double spare) {
        if (backlog <= 0) {
            return 0;
        }
        return spare > 0 ? backlog / spare : Double.POSITIVE_INFINITY;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
