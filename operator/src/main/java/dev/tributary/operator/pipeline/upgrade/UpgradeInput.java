package dev.tributary.operator.pipeline.upgrade;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.observe.FlinkObservation;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * What the upgrade steps decide from, all of it observed before.
 *
 * @param desiredPlanHash the plan the spec resolves to now
 * @param jobManagerReplicas the observed JobManager Deployment's replicas; null when it does not exist
 * @param jobManagerAvailable the JobManager Deployment is Available (its pod runs)
 * @param jobManagerJobId the job id the observed JobManager Deployment was given; null when there is none
 * @param flink what the JobManager said
 * @param retries when a failed savepoint may be tried again
 * @param judgement what the change from the running plan to the desired one does to state ({@code NotAsked} when
 *     the running plan is not known: no gate, and no rollback, since the previous plan could not be redeployed)
 * @param keptPlans the hashes of the plans the observed plan ConfigMap holds: besides the spec's plan, only these
 *     can be deployed (the operator has nothing else to build another plan's children from)
 */
public record UpgradeInput(Pipeline pipeline, String desiredPlanHash, Integer jobManagerReplicas,
        boolean jobManagerAvailable, String jobManagerJobId, FlinkObservation flink, SavepointRetries.Schedule retries,
        Instant now, UpgradeJudgement judgement, Set<String> keptPlans) {

    public UpgradeInput {
        keptPlans = Set.copyOf(keptPlans);
    }

    /** The plan ConfigMap as the status records it: the plan deployed last, and the previous one an upgrade keeps. */
    public UpgradeInput(Pipeline pipeline, String desiredPlanHash, Integer jobManagerReplicas,
            boolean jobManagerAvailable, String jobManagerJobId, FlinkObservation flink,
            SavepointRetries.Schedule retries, Instant now, UpgradeJudgement judgement) {
        this(pipeline, desiredPlanHash, jobManagerReplicas, jobManagerAvailable, jobManagerJobId, flink, retries, now,
                judgement, recordedPlans(pipeline));
    }

    /** Without a judgement: the running plan is not known. */
    public UpgradeInput(Pipeline pipeline, String desiredPlanHash, Integer jobManagerReplicas,
            boolean jobManagerAvailable, String jobManagerJobId, FlinkObservation flink,
            SavepointRetries.Schedule retries, Instant now) {
        this(pipeline, desiredPlanHash, jobManagerReplicas, jobManagerAvailable, jobManagerJobId, flink, retries, now,
                new UpgradeJudgement.NotAsked());
    }

    private static Set<String> recordedPlans(Pipeline pipeline) {
        Set<String> plans = new HashSet<>();
        if (pipeline.getStatus() != null && pipeline.getStatus().planHash != null) {
            plans.add(pipeline.getStatus().planHash);
        }
        if (pipeline.getStatus() != null && pipeline.getStatus().upgrade != null
                && pipeline.getStatus().upgrade.previousPlanHash != null) {
            plans.add(pipeline.getStatus().upgrade.previousPlanHash);
        }
        return plans;
    }

    public String uid() {
        return pipeline.getMetadata().getUid();
    }

    /** The same input after Flink refused the stop request it was sent. */
    public UpgradeInput withStopRefused(String jobId, String why) {
        return new UpgradeInput(pipeline, desiredPlanHash, jobManagerReplicas, jobManagerAvailable, jobManagerJobId,
                flink.withStopRefused(jobId, why), retries, now, judgement, keptPlans);
    }
}
