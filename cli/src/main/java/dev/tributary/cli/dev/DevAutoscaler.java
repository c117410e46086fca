package dev.tributary.cli.dev;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.autoscaler.LagAutoscaler;
import dev.tributary.autoscaler.LoadSample;
import dev.tributary.autoscaler.ScalingAction;
import dev.tributary.autoscaler.ScalingBounds;
import dev.tributary.autoscaler.ScalingDecision;
import dev.tributary.autoscaler.ScalingMemory;
import dev.tributary.operator.pipeline.build.TaskManagerReplicas;
import dev.tributary.operator.pipeline.scaling.AutoscalerTuning;
import dev.tributary.operator.pipeline.scaling.PipelineScalingBounds;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * What the operator's autoscaler would decide for the local run, with the Pipeline's own {@code autoscaling}
 * settings and the default tuning, so {@code targetLagSeconds} can be tried before deploying. The local MiniCluster
 * does not rescale, so every decision is taken for the count the operator would start with, and no rescale is
 * remembered; what one TaskManager can take and how long load has been low are.
 */
final class DevAutoscaler {

    /** Rates are measured over this, as the operator's default rate window does. */
    static final Duration WINDOW = Duration.ofSeconds(10);

    private final LagAutoscaler policy;
    private final ScalingBounds bounds;
    private final int taskManagers;
    private final Duration checkpointInterval;
    private final boolean enabled;
    private ScalingMemory memory = ScalingMemory.initial();
    private Instant windowStart;
    private long lagAtStart;
    private long inAtStart;
    private Integer said;

    DevAutoscaler(Pipeline pipeline, PipelinePlan plan, Collection<Source> sources) {
        this.policy = new LagAutoscaler(AutoscalerTuning.defaults().settings(pipeline.getSpec().autoscaling));
        int partitions = sources.stream().mapToInt(s -> s.getSpec().topic == null ? 1
                : s.getSpec().topic.partitionsOrDefault()).max().orElse(1);
        this.bounds = PipelineScalingBounds.of(pipeline, partitions);
        this.taskManagers = bounds.clamp(TaskManagerReplicas.desired(pipeline, plan));
        this.checkpointInterval = Duration.ofMillis(plan.checkpoints().intervalMs());
        this.enabled = pipeline.getSpec().autoscaling != null && pipeline.getSpec().autoscaling.isEnabled();
    }

    /**
     * @param lag      records the group is behind (-1 unknown)
     * @param recordsIn records the job has read so far
     * @return the line to print when the decision differs from the last one printed
     */
    Optional<String> observe(Instant now, long lag, long recordsIn) {
        if (lag < 0) {
            return Optional.empty();
        }
        if (windowStart == null) {
            windowStart = now;
            lagAtStart = lag;
            inAtStart = recordsIn;
            return Optional.empty();
        }
        double seconds = Duration.between(windowStart, now).toMillis() / 1000.0;
        if (seconds < WINDOW.toSeconds()) {
            return Optional.empty();
        }
        double processed = Math.max(0, (recordsIn - inAtStart) / seconds);
        double input = Math.max(0, processed + (lag - lagAtStart) / seconds);
        windowStart = now;
        lagAtStart = lag;
        inAtStart = recordsIn;
        ScalingDecision decision = policy.decide(new LoadSample(now, taskManagers, lag, input, processed, Double.NaN,
                checkpointInterval), bounds, memory);
        ScalingMemory m = decision.memory();
        memory = new ScalingMemory(null, ScalingAction.HOLD, null, m.input(), m.capacityPerTaskManager(), 0,
                Double.NaN, 0);
        if (Integer.valueOf(decision.desiredTaskManagers()).equals(said)) {
            return Optional.empty();
        }
        said = decision.desiredTaskManagers();
        return Optional.of(line(decision, lag));
    }

    private String line(ScalingDecision decision, long lag) {
        String lagSeconds = Double.isNaN(decision.lagSeconds()) ? "" : Double.isInfinite(decision.lagSeconds())
                ? ", nothing read yet" : String.format(Locale.ROOT, ", %.0f s", decision.lagSeconds());
        return "autoscaler: would run " + decision.desiredTaskManagers()
                + (decision.desiredTaskManagers() == 1 ? " TaskManager: " : " TaskManagers: ") + decision.reason()
                + " (lag " + lag + " records" + lagSeconds + "; " + bounds.minTaskManagers() + ".."
                + bounds.maxTaskManagers() + " allowed" + (enabled ? "" : "; autoscaling is off in the Pipeline") + ")";
    }
}
