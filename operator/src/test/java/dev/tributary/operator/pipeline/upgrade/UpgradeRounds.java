package dev.tributary.operator.pipeline.upgrade;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.flink.FlinkJobs;
import dev.tributary.operator.flink.FlinkUnreachableException;
import dev.tributary.operator.pipeline.observe.FlinkObserver;
import java.time.Clock;

/**
 * One reconcile's worth of the upgrade protocol, as the executor runs it: observe Flink, decide, send the one
 * request the decision names (deciding again when Flink refuses it), remember what it did to the retry schedule.
 */
final class UpgradeRounds {

    private final FlinkJobs flink;
    private final Clock clock;
    private final UpgradeSteps steps = new UpgradeSteps();
    private final SavepointRetries retries = new SavepointRetries(UpgradeSteps.RETRY, UpgradeSteps.MAX_RETRY);

    UpgradeRounds(FlinkJobs flink, Clock clock) {
        this.flink = flink;
        this.clock = clock;
    }

    UpgradeDecision next(Pipeline pipeline, String desiredPlanHash, Integer jobManagerReplicas,
            boolean jobManagerAvailable, String jobManagerJobId) {
        UpgradeInput in = new UpgradeInput(pipeline, desiredPlanHash, jobManagerReplicas, jobManagerAvailable,
                jobManagerJobId, new FlinkObserver(flink).observe(pipeline, jobManagerAvailable),
                retries.schedule(pipeline.getMetadata().getUid()), clock.instant());
        UpgradeDecision decision = steps.next(in);
        if (decision.action() instanceof UpgradeAction.StopWithSavepoint stop) {
            try {
                flink.stopWithSavepoint(pipeline, stop.jobId(), stop.triggerId());
            } catch (FlinkUnreachableException e) {
                decision = steps.next(in.withStopRefused(stop.jobId(), e.getMessage()));
            }
        }
        retries.record(pipeline.getMetadata().getUid(), decision.retry(), in.now());
        return decision;
    }
}
