package dev.tributary.autoscaler;

/**
 * The count the policy wants, and why.
 *
 * @param desiredTaskManagers the count to apply
 * @param action              up, down or hold, compared with the count running now
 * @param reason              one sentence with the figures, for {@code status.autoscaler.reason} and the event
 * @param lagSeconds          the backlog in seconds at the observed processing rate (infinite when nothing is
 *                            processed), NaN when lag is unknown
 * @param atMaximum           lag is above target and no larger count is allowed or useful
 * @param memory              what to remember for the next decision
 */
public record ScalingDecision(int desiredTaskManagers, ScalingAction action, String reason, double lagSeconds,
                              boolean atMaximum, ScalingMemory memory) {
}
