package dev.tributary.operator.pipeline.upgrade;

import dev.tributary.api.Durations;
import dev.tributary.api.v1alpha1.CheckpointSpec;
import dev.tributary.api.v1alpha1.FailedUpgradeStatus;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.api.v1alpha1.UpgradeStatus;
import dev.tributary.operator.flink.FlinkJob;
import dev.tributary.operator.pipeline.build.JobDeployment;
import dev.tributary.operator.pipeline.upgrade.UpgradeDecision.Note;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * After an upgrade redeployed the JobManager: the new job has until {@code status.upgrade.verifyDeadline} to run
 * and complete a checkpoint. One that fails (or cannot restore) or runs out of time is given up: the previous plan
 * (its hash in {@code status.upgrade.previousPlanHash}, the plan itself under the plan ConfigMap's previous key) is
 * redeployed from the same state the new job was given. A job that completed a checkpoint has committed output, so
 * it is kept. Pure, like {@link UpgradeSteps}: every step is recorded in the status before the next acts on it.
 */
final class UpgradeVerification {

    /**
     * Five minutes, as the Flink Kubernetes Operator waits for a deployment to become ready: a new job that starts on
     * a busy node and restores its state can take minutes to complete its first checkpoint, and rolling back a job
     * that was only slow costs another restart and leaves the Pipeline UpgradeFailed (seen at two minutes on a
     * real node at load average 35).
     */
    static final Duration MIN_TIMEOUT = Duration.ofMinutes(5);
    static final int CHECKPOINT_INTERVALS = 3;
    private static final String ROLLBACK = "rollback";

    private UpgradeVerification() {
    }

    /** {@code spec.upgrade.verifyTimeout}, else three checkpoint intervals and at least five minutes. */
    static Duration timeout(Pipeline pipeline) {
        if (pipeline.getSpec().upgrade != null && pipeline.getSpec().upgrade.verifyTimeout != null) {
            return Durations.parse(pipeline.getSpec().upgrade.verifyTimeout);
        }
        CheckpointSpec checkpoints = pipeline.getSpec().checkpoints;
        Duration interval = Durations.parse(checkpoints == null ? null : checkpoints.interval,
                CheckpointSpec.DEFAULT_INTERVAL);
        Duration intervals = interval.multipliedBy(CHECKPOINT_INTERVALS);
        return intervals.compareTo(MIN_TIMEOUT) > 0 ? intervals : MIN_TIMEOUT;
    }

    /**
     * Whether this upgrade is verified and can be rolled back: a plan change with the previous plan kept, also when
     * a suspended Pipeline resumes with another plan than its savepoint's.
     */
    static boolean guarded(UpgradeStatus upgrade) {
        if (upgrade.previousPlanHash == null || upgrade.reason == null) {
            return false;
        }
        UpgradeReason reason = UpgradeReason.of(upgrade.reason);
        return reason == UpgradeReason.UPGRADE
                || reason == UpgradeReason.RESUME && !upgrade.previousPlanHash.equals(upgrade.toPlanHash);
    }

    /** The deadline, set when the JobManager Deployment first carries the new job (its apply may be refused). */
    static void startClock(UpgradeStatus upgrade, UpgradeInput in) {
        if (upgrade.verifyDeadline == null) {
            upgrade.verifyDeadline = in.now().plus(timeout(in.pipeline())).toString();
        }
    }

    /**
     * The job of {@code deployed} as Flink reports it: under the deployment's id, or one that says it runs
     * {@code planHash} and is not the job the upgrade stopped (a JobManager that does not take the id).
     */
    static Optional<FlinkJob> newJob(UpgradeInput in, UpgradeStatus upgrade, JobDeployment deployed, String planHash) {
        return in.flink().job().filter(j -> j.id().equals(deployed.jobId())
                || planHash.equals(j.planHash()) && !j.id().equals(upgrade.jobId));
    }

    /** Running, with a checkpoint of its own completed: the upgrade holds. */
    static boolean proven(Optional<FlinkJob> job) {
        return job.isPresent() && job.get().running() && job.get().lastCheckpoint() != null;
    }

    /** Why the new job is given up, as one line; empty while it may still prove itself. */
    static Optional<String> failure(UpgradeInput in, UpgradeStatus upgrade, Optional<FlinkJob> job) {
        if (job.isPresent() && job.get().terminal()) {
            return Optional.of("job " + job.get().id() + " is " + job.get().state()
                    + job.map(FlinkJob::lastError).map(e -> ": " + e).orElse(""));
        }
        Instant deadline = Instant.parse(upgrade.verifyDeadline);
        if (in.now().isBefore(deadline)) {
            return Optional.empty();
        }
        String seen = job.map(j -> j.lastError() != null ? "job " + j.id() + " is " + j.state() + ", last error: "
                + j.lastError() : "job " + j.id() + " is " + j.state() + " with no checkpoint completed")
                .orElse(in.flink().unreachable() != null ? "the JobManager does not answer: " + in.flink().unreachable()
                        : "no job runs");
        return Optional.of("the new job did not run and complete a checkpoint within "
                + Durations.format(timeout(in.pipeline())) + " (" + seen + ")");
    }

    /** Gives the new job up: recorded first (RollingBack), the previous plan is deployed from the same state. */
    static UpgradeDecision rollBack(UpgradeInput in, PipelineStatus status, UpgradeStatus upgrade, String why) {
        upgrade.step = UpgradeStatus.Step.RollingBack;
        upgrade.failure = why;
        return UpgradeDecision.deploy(status, upgrade.previousPlanHash, previous(in, upgrade), upgrade,
                Optional.of(new Note("RollingBack", "the upgrade to plan " + upgrade.toPlanHash + " failed: " + why
                        + "; redeploying plan " + upgrade.previousPlanHash + " from "
                        + UpgradeSteps.describe(upgrade.restore), true))).recheckAfter(UpgradeSteps.POLL);
    }

    /** The previous plan is deployed until its job runs; then the upgrade is over and remembered as failed. */
    static UpgradeDecision rollingBack(UpgradeInput in, PipelineStatus status, UpgradeStatus upgrade) {
        JobDeployment previous = previous(in, upgrade);
        Optional<FlinkJob> job = newJob(in, upgrade, previous, upgrade.previousPlanHash);
        boolean runs = job.isPresent() && job.get().running();
        UpgradeGate.Verdict gate = runs || in.desiredPlanHash().equals(upgrade.toPlanHash) ? null
                : UpgradeGate.check(in.pipeline(), in.judgement());
        if (gate instanceof UpgradeGate.Pass pass) {
            // The spec changed again before the previous plan ran: nothing ran since the recorded state, so the
            // plan the spec asks for now is deployed from it instead (judged against the previous plan, whose
            // state it is, and verified like any upgrade).
            upgrade.allowNonRestoredState = pass.allowNonRestoredState() ? Boolean.TRUE : null;
            upgrade.step = UpgradeStatus.Step.Redeploying;
            upgrade.toPlanHash = in.desiredPlanHash();
            upgrade.verifyDeadline = null;
            upgrade.failure = null;
            return UpgradeDecision.deploy(status, upgrade.toPlanHash, new JobDeployment(upgrade.restore, true,
                    JobDeployment.jobId(in.uid(), upgrade.toPlanHash, upgrade.restore, upgrade.startTime),
                    Boolean.TRUE.equals(upgrade.allowNonRestoredState)), upgrade, Optional.empty())
                    .recheckAfter(UpgradeSteps.POLL);
        }
        if (!runs) {
            return UpgradeDecision.deploy(status, upgrade.previousPlanHash, previous, upgrade, Optional.empty())
                    .recheckAfter(gate instanceof UpgradeGate.Wait ? UpgradeSteps.JUDGE_POLL : UpgradeSteps.POLL)
                    .withBlocked(gate instanceof UpgradeGate.Blocked b ? b.message() : null);
        }
        FailedUpgradeStatus failed = new FailedUpgradeStatus();
        failed.planHash = upgrade.toPlanHash;
        failed.message = upgrade.failure;
        failed.time = in.now().toString();
        return UpgradeDecision.rolledBack(status, upgrade.previousPlanHash, previous, failed, new Note("RolledBack",
                "the upgrade to plan " + upgrade.toPlanHash + " failed (" + upgrade.failure + "); job " + job.get().id()
                        + " runs plan " + upgrade.previousPlanHash + " again, from "
                        + UpgradeSteps.describe(upgrade.restore), true));
    }

    private static JobDeployment previous(UpgradeInput in, UpgradeStatus upgrade) {
        return new JobDeployment(upgrade.restore, true, JobDeployment.jobId(in.uid(), upgrade.previousPlanHash,
                upgrade.restore, upgrade.startTime + "/" + ROLLBACK));
    }
}
