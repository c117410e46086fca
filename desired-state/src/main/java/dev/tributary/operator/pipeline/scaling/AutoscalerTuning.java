package dev.tributary.operator.pipeline.scaling;

import dev.tributary.api.Durations;
import dev.tributary.api.v1alpha1.AutoscalingSpec;
import dev.tributary.autoscaler.AutoscalerSettings;
import java.time.Duration;

/**
 * The operator-wide settings of the lag autoscaler ({@code tributary.autoscaler.*}) and a Pipeline's own
 * ({@code spec.autoscaling}), as the policy takes them.
 *
 * @param restartCost    how long a rescale stops processing
 * @param warmUp         after the restart, how long rates are too low to judge
 * @param catchUp        a scale-up is sized to drain the backlog within this
 * @param reversalWindow a scale-down undone within this is a flap
 * @param rateWindow     rates are measured over at least this long (and at least two checkpoint intervals, since
 *                       committed offsets move only at checkpoints)
 */
public record AutoscalerTuning(Duration restartCost, Duration warmUp, Duration catchUp, Duration reversalWindow,
        Duration rateWindow) {

    public static final Duration DEFAULT_RATE_WINDOW = Duration.ofSeconds(30);

    public static AutoscalerTuning defaults() {
        return new AutoscalerTuning(AutoscalerSettings.DEFAULT_RESTART_COST, AutoscalerSettings.DEFAULT_WARM_UP,
                AutoscalerSettings.DEFAULT_CATCH_UP, AutoscalerSettings.DEFAULT_REVERSAL_WINDOW, DEFAULT_RATE_WINDOW);
    }

    public AutoscalerSettings settings(AutoscalingSpec spec) {
        int targetLag = spec == null || spec.targetLagSeconds == null ? AutoscalingSpec.DEFAULT_TARGET_LAG_SECONDS
                : spec.targetLagSeconds;
        Duration scaleDownDelay = Durations.parse(spec == null ? null : spec.scaleDownDelay,
                AutoscalingSpec.DEFAULT_SCALE_DOWN_DELAY);
        return new AutoscalerSettings(Duration.ofSeconds(targetLag), scaleDownDelay, restartCost, warmUp, catchUp,
                AutoscalerSettings.DEFAULT_HEADROOM, reversalWindow);
    }
}
