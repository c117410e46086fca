package dev.tributary.autoscaler;

import java.time.Duration;

/**
 * How the policy weighs its choices.
 *
 * @param targetLag       the backlog should drain within this ({@code autoscaling.targetLagSeconds})
 * @param scaleDownDelay  a scale-down must carry the average input of this much recent time, and the rate now
 *                        ({@code autoscaling.scaleDownDelay})
 * @param restartCost     how long a rescale stops processing (reactive mode restarts the job from its checkpoint)
 * @param warmUp          after the restart, how long rates are too low to judge
 * @param catchUp         a scale-up is sized so the backlog, and what arrives during the restart, drains within
 *                        this (never less than the target lag): sizing it to drain within the target itself would
 *                        jump to the largest count and back for every backlog
 * @param headroom        capacity kept above the input rate, 0.1 = 10 %
 * @param reversalWindow  a scale-down undone within this window is a flap; after one, a scale-down must carry the
 *                        peak rate of this long
 */
public record AutoscalerSettings(Duration targetLag, Duration scaleDownDelay, Duration restartCost, Duration warmUp,
                                 Duration catchUp, double headroom, Duration reversalWindow) {

    public static final Duration DEFAULT_RESTART_COST = Duration.ofSeconds(45);
    public static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CATCH_UP = Duration.ofMinutes(10);
    public static final double DEFAULT_HEADROOM = 0.1;
    public static final Duration DEFAULT_REVERSAL_WINDOW = Duration.ofHours(1);

    public static AutoscalerSettings of(Duration targetLag, Duration scaleDownDelay) {
        return new AutoscalerSettings(targetLag, scaleDownDelay, DEFAULT_RESTART_COST, DEFAULT_WARM_UP,
                DEFAULT_CATCH_UP, DEFAULT_HEADROOM, DEFAULT_REVERSAL_WINDOW);
    }

    double targetLagSeconds() {
        return targetLag.toMillis() / 1000.0;
    }

    double catchUpSeconds() {
        return Math.max(catchUp.toMillis(), targetLag.toMillis()) / 1000.0;
    }

    double restartSeconds() {
        return restartCost.toMillis() / 1000.0;
    }

    Duration stabilisation() {
        return restartCost.plus(warmUp);
    }
}
