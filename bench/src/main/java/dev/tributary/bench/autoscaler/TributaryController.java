package dev.tributary.bench.autoscaler;

import dev.tributary.autoscaler.AutoscalerSettings;
import dev.tributary.autoscaler.LagAutoscaler;
import dev.tributary.autoscaler.LoadSample;
import dev.tributary.autoscaler.ScalingBounds;
import dev.tributary.autoscaler.ScalingDecision;
import dev.tributary.autoscaler.ScalingMemory;
import java.time.Duration;
import java.time.Instant;

/** Tributary's policy as the operator runs it: a poll every 15 s, lag from committed offsets. */
final class TributaryController implements Controller {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final LagAutoscaler policy;
    private final ScalingBounds bounds = new ScalingBounds(1, SimulatedPipeline.MAX_TASK_MANAGERS,
            SimulatedPipeline.PARTITIONS, 1);
    private ScalingMemory memory = ScalingMemory.initial();
    private ScalingDecision last;

    TributaryController(Duration targetLag, Duration scaleDownDelay) {
        this.policy = new LagAutoscaler(AutoscalerSettings.of(targetLag, scaleDownDelay));
    }

    @Override
    public String name() {
        return "tributary";
    }

    @Override
    public int pollSeconds() {
        return 15;
    }

    @Override
    public int poll(Observation seen) {
        LoadSample sample = new LoadSample(START.plusSeconds(seen.second()), seen.taskManagers(),
                Math.round(seen.committedLag()), seen.inputRate(), seen.processedRate(), seen.busyRatio(),
                Duration.ofSeconds(SimulatedPipeline.CHECKPOINT_SECONDS));
        last = policy.decide(sample, bounds, memory);
        memory = last.memory();
        return last.desiredTaskManagers();
    }

    String lastReason() {
        return last == null ? "" : last.reason();
    }
}
