package dev.tributary.operator.pipeline.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelinePhase;
import dev.tributary.api.v1alpha1.PipelineState;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.api.v1alpha1.UpgradeMode;
import dev.tributary.api.v1alpha1.UpgradeStatus;
import dev.tributary.operator.flink.FlinkJob;
import dev.tributary.operator.flink.SavepointProgress;
import dev.tributary.operator.pipeline.PipelineFixtures;
import dev.tributary.operator.pipeline.build.JobDeployment;
import dev.tributary.operator.testing.FakeFlink;
import dev.tributary.operator.testing.MovingClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * How a Pipeline's job moves from the plan it runs to the plan its spec asks for. Each reconcile takes one step;
 * the status it returns is fed to the next one, as the API server would.
 */
class UpgradeStepsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String OLD = "plan-old";
    private static final String NEW = "plan-new";
    private static final String SAVEPOINT = "file:/tributary/state/shop/sessionize/savepoints/savepoint-1a2b";

    private final FakeFlink flink = new FakeFlink();
    private final UpgradeRounds steps = new UpgradeRounds(flink, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aNewPipelineIsDeployedWithoutState() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        UpgradeDecision decision = steps.next(pipeline, NEW, null, false, null);
        assertDeploys(decision, null, true);
        assertThat(decision.planHash()).isEqualTo(NEW);
        assertThat(decision.upgrade()).isNull();
        assertThat(flink.stops()).as("nothing sent to Flink").isEmpty();
    }

    @Test
    void aFirstDeploymentWhoseStatusWasNeverWrittenIsKeptNotUpgraded() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        String initialJobId = steps.next(pipeline, NEW, null, false, null).deploy().orElseThrow().jobId();
        // The operator applied the JobManager, then died before it recorded the plan in the status.
        UpgradeDecision again = steps.next(pipeline, NEW, 1, true, initialJobId);
        assertDeploys(again, null, true);
        assertThat(again.deploy().orElseThrow().jobId()).as("the same deployment, so no restart")
                .isEqualTo(initialJobId);
        assertThat(again.upgrade()).isNull();
        assertThat(again.note()).isEmpty();
        assertThat(flink.stops()).as("nothing sent to Flink").isEmpty();
    }

    @Test
    void aJobManagerOfAnotherDeploymentWithNoStatusIsStoppedWithASavepointAsAnUpgrade() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        flink.job = job("f00d", "RUNNING", OLD);
        UpgradeDecision decision = steps.next(pipeline, NEW, 1, true, "f00d");
        assertThat(decision.upgrade()).as("its state is kept through a savepoint").isNotNull();
        assertThat(decision.upgrade().step).isEqualTo(UpgradeStatus.Step.Stopping);
    }

    @Test
    void anUnchangedPlanKeepsTheJobManagerAsItIsDeployed() {
        Pipeline pipeline = running(OLD, SAVEPOINT);
        UpgradeDecision decision = steps.next(pipeline, OLD, 1, true, null);
        assertDeploys(decision, SAVEPOINT, true);
        assertThat(decision.upgrade()).isNull();
        assertThat(flink.stops()).as("nothing sent to Flink").isEmpty();
    }

    @Test
    void aNewPlanStopsTheJobWithASavepointRecordsItThenRedeploysFromIt() {
        Pipeline pipeline = running(OLD, null);
        flink.job = job("job-1", "RUNNING", OLD);

        UpgradeDecision stopping = steps.next(pipeline, NEW, 1, true, null);
        assertThat(stopping.deploy()).as("the running job is not disturbed yet").isEmpty();
        assertThat(stopping.upgrade().step).isEqualTo(UpgradeStatus.Step.Stopping);
        assertThat(stopping.upgrade().jobId).isEqualTo("job-1");
        String trigger = stopping.upgrade().savepointTriggerId;
        assertThat(trigger).as("chosen and recorded before Flink is asked").matches("[0-9a-f]{32}");
        assertThat(flink.stops()).as("not sent before it is recorded").isEmpty();
        apply(pipeline, stopping);

        UpgradeDecision asked = steps.next(pipeline, NEW, 1, true, null);
        assertThat(flink.calls).contains("stop job-1 " + trigger);
        assertThat(asked.upgrade().step).isEqualTo(UpgradeStatus.Step.Stopping);
        assertThat(asked.deploy()).isEmpty();

        flink.progress = SavepointProgress.completed(SAVEPOINT);
        flink.job = job("job-1", "FINISHED", OLD);
        UpgradeDecision recorded = steps.next(pipeline, NEW, 1, true, null);
        assertThat(recorded.deploy()).as("the savepoint is recorded before anything acts on it").isEmpty();
        assertThat(recorded.savepoint().path).isEqualTo(SAVEPOINT);
        assertThat(recorded.savepoint().reason).isEqualTo("upgrade");
        assertThat(recorded.upgrade().step).isEqualTo(UpgradeStatus.Step.Redeploying);
        assertThat(recorded.upgrade().restore).isEqualTo(SAVEPOINT);
        apply(pipeline, recorded);

        UpgradeDecision redeploying = steps.next(pipeline, NEW, 1, true, null);
        assertDeploys(redeploying, SAVEPOINT, true);
        assertThat(redeploying.planHash()).isEqualTo(NEW);
        assertThat(redeploying.upgrade()).as("not done until the new job runs").isNotNull();
        apply(pipeline, redeploying);

        flink.job = job(redeploying.deploy().get().jobId(), "RUNNING", NEW);
        UpgradeDecision done = steps.next(pipeline, NEW, 1, true, null);
        assertThat(done.upgrade()).isNull();
        assertThat(done.restoredFrom()).isEqualTo(SAVEPOINT);
        assertThat(done.note()).get().extracting(UpgradeDecision.Note::reason).isEqualTo("Upgraded");
        assertThat(flink.calls).filteredOn(c -> c.startsWith("stop")).as("one savepoint only").hasSize(1);
    }

    @Test
    void aStopRequestRecordedButNeverSentIsSentAgainUnderTheSameId() {
        Pipeline pipeline = stopping("job-1", "0123456789abcdef0123456789abcdef");
        flink.job = job("job-1", "RUNNING", OLD);
        steps.next(pipeline, NEW, 1, true, null);
        steps.next(pipeline, NEW, 1, true, null);
        assertThat(flink.calls).filteredOn(c -> c.startsWith("stop"))
                .as("Flink takes a request repeated under the same id as the same request")
                .containsOnly("stop job-1 0123456789abcdef0123456789abcdef");
    }

    @Test
    void anOperatorRestartedAfterRecordingTheSavepointRedeploysFromItWithoutAnother() {
        Pipeline pipeline = redeployingFromTheSavepoint();
        flink.job = job("job-1", "FINISHED", OLD);

        UpgradeDecision decision = steps.next(pipeline, NEW, 1, true, null);
        assertDeploys(decision, SAVEPOINT, true);
        assertThat(flink.calls).noneMatch(c -> c.startsWith("stop"));
    }

    @Test
    void aSpecChangedAgainAfterTheNewJobRanFinishesThisUpgradeAndStartsTheNextFromIt() {
        Pipeline pipeline = redeployingFromTheSavepoint();
        pipeline.getStatus().planHash = NEW; // its children were applied: the plan ConfigMap holds it
        UpgradeStatus upgrade = pipeline.getStatus().upgrade;
        String deployed = JobDeployment.jobId(pipeline.getMetadata().getUid(), NEW, SAVEPOINT, upgrade.startTime);
        flink.job = job(deployed, "RUNNING", NEW);

        UpgradeDecision done = steps.next(pipeline, "plan-newer", 1, true, null);
        assertThat(done.upgrade()).isNull();
        assertThat(done.planHash()).as("the plan the running job was deployed with").isEqualTo(NEW);
        apply(pipeline, done);
        UpgradeDecision next = steps.next(pipeline, "plan-newer", 1, true, null);
        assertThat(next.upgrade().step).as("the next upgrade takes its own savepoint")
                .isEqualTo(UpgradeStatus.Step.Stopping);
        assertThat(next.upgrade().jobId).isEqualTo(deployed);
    }

    @Test
    void aStopRequestTheJobManagerForgotIsFoundInTheStoppedJobsCheckpointStatistics() {
        Pipeline pipeline = stopping("job-1", "trigger-1");
        flink.job = job("job-1", "FINISHED", OLD);
        flink.latestSavepoint = SAVEPOINT;
        UpgradeDecision decision = steps.next(pipeline, NEW, 1, true, null);
        assertThat(decision.upgrade().step).isEqualTo(UpgradeStatus.Step.Redeploying);
        assertThat(decision.savepoint().path).isEqualTo(SAVEPOINT);
    }

    @Test
    void aFailedSavepointLeavesTheJobRunningAndIsRetried() {
        Pipeline pipeline = stopping("job-1", "trigger-1");
        flink.sent.add("trigger-1");
        flink.progress = SavepointProgress.failed("java.io.IOException: disk full");
        UpgradeDecision decision = steps.next(pipeline, NEW, 1, true, null);
        assertThat(decision.upgrade()).isNull();
        assertThat(decision.deploy()).isEmpty();
        assertThat(decision.problem()).contains("disk full").contains("retrying in 30s");
        assertThat(decision.note()).get().satisfies(n -> assertThat(n.warning()).isTrue());
    }

    @Test
    void aSavepointThatKeepsFailingIsTriedLaterAndLater() {
        MovingClock clock = new MovingClock(NOW);
        UpgradeRounds steps = new UpgradeRounds(flink, clock);
        Pipeline pipeline = stopping("job-1", "trigger-1");
        flink.sent.add("trigger-1");
        flink.progress = SavepointProgress.failed("java.io.IOException: disk full");
        UpgradeDecision failed = steps.next(pipeline, NEW, 1, true, null);
        apply(pipeline, failed);
        flink.job = job("job-1", "RUNNING", OLD);

        clock.set(NOW.plusSeconds(10));
        UpgradeDecision early = steps.next(pipeline, NEW, 1, true, null);
        assertThat(early.upgrade()).as("not before the backoff").isNull();
        assertThat(early.problem()).contains("the next attempt is at " + NOW.plusSeconds(30));

        clock.set(NOW.plusSeconds(31));
        UpgradeDecision again = steps.next(pipeline, NEW, 1, true, null);
        assertThat(again.upgrade().step).isEqualTo(UpgradeStatus.Step.Stopping);
        apply(pipeline, again);
        flink.sent.add(again.upgrade().savepointTriggerId);
        assertThat(steps.next(pipeline, NEW, 1, true, null).problem()).as("the second failure waits twice as long")
                .contains("retrying in 60s");
    }

    @Test
    void aStopRequestFlinkRefusesIsASavepointFailureRetriedLater() {
        Pipeline pipeline = stopping("job-1", "trigger-1");
        flink.job = job("job-1", "RUNNING", OLD);
        flink.refuseStops = true;
        UpgradeDecision decision = steps.next(pipeline, NEW, 1, true, null);
        assertThat(decision.upgrade()).as("the upgrade is dropped; the job keeps running").isNull();
        assertThat(decision.problem()).contains("Flink refused to stop job job-1").contains("retrying in 30s");
        assertThat(decision.retry()).isEqualTo(SavepointRetries.Effect.FAILED);
    }

    @Test
    void theDecisionIsAFunctionOfTheObservation() {
        Pipeline pipeline = stopping("job-1", "trigger-1");
        flink.job = job("job-1", "RUNNING", OLD);
        UpgradeInput in = new UpgradeInput(pipeline, NEW, 1, true, null,
                new dev.tributary.operator.pipeline.observe.FlinkObserver(flink).observe(pipeline, true),
                new SavepointRetries.Schedule(null, UpgradeSteps.RETRY), NOW);
        int calls = flink.calls.size();
        UpgradeDecision first = new UpgradeSteps(() -> "t").next(in);
        UpgradeDecision second = new UpgradeSteps(() -> "t").next(in);
        assertThat(flink.calls).as("deciding asks Flink nothing").hasSize(calls);
        assertThat(first.action()).isEqualTo(new UpgradeAction.StopWithSavepoint("job-1", "trigger-1"))
                .isEqualTo(second.action());
    }

    @Test
    void aJobManagerThatDoesNotAnswerIsWaitedFor() {
        Pipeline pipeline = stopping("job-1", "trigger-1");
        flink.unreachable = true;
        UpgradeDecision decision = steps.next(pipeline, NEW, 1, true, null);
        assertThat(decision.upgrade().step).isEqualTo(UpgradeStatus.Step.Stopping);
        assertThat(decision.deploy()).isEmpty();
        assertThat(decision.problem()).contains("does not answer");
    }

    @Test
    void lastStateRedeploysFromTheNewestCheckpointAndStatelessFromNothing() {
        Pipeline lastState = running(OLD, null);
        lastState.getSpec().upgradeMode = UpgradeMode.LAST_STATE;
        UpgradeDecision decision = steps.next(lastState, NEW, 1, true, null);
        assertThat(decision.upgrade().step).isEqualTo(UpgradeStatus.Step.Redeploying);
        assertThat(decision.upgrade().restore).isEqualTo(JobDeployment.LATEST);

        Pipeline stateless = running(OLD, SAVEPOINT);
        stateless.getSpec().upgradeMode = UpgradeMode.STATELESS;
        decision = steps.next(stateless, NEW, 1, true, null);
        assertThat(decision.upgrade().restore).isNull();
        assertThat(flink.calls).noneMatch(c -> c.startsWith("stop"));
    }

    @Test
    void aJobThatIsNotRunningCannotTakeASavepointSoItsOwnNewestStateIsUsed() {
        Pipeline restarting = running(OLD, SAVEPOINT);
        flink.job = new FlinkJob("job-1", "RESTARTING", NOW.minusSeconds(60), 3, null, null,
                new FlinkJob.Checkpoint(12, NOW.minusSeconds(20), "file:/ckpt/job-1/chk-12"), OLD, SAVEPOINT, null);
        assertThat(steps.next(restarting, NEW, 1, true, null).upgrade().restore).as("its own latest checkpoint")
                .isEqualTo("file:/ckpt/job-1/chk-12");

        flink.job = job("job-1", "FAILED", OLD);
        assertThat(steps.next(restarting, NEW, 1, true, null).upgrade().restore)
                .as("no checkpoint since it was started from the savepoint").isEqualTo(SAVEPOINT);

        Pipeline pipeline = running(OLD, null);
        UpgradeDecision decision = steps.next(pipeline, NEW, 1, true, null);
        assertThat(decision.upgrade().restore).as("nothing known: the newest retained checkpoint")
                .isEqualTo(JobDeployment.LATEST);
        assertThat(decision.note()).get().satisfies(n -> {
            assertThat(n.warning()).isTrue();
            assertThat(n.message()).contains("job job-1 is FAILED");
        });
    }

    @Test
    void suspendTakesASavepointScalesToZeroAndResumeStartsFromIt() {
        Pipeline pipeline = running(OLD, null);
        pipeline.getSpec().state = PipelineState.SUSPENDED;
        flink.job = job("job-1", "RUNNING", OLD);
        UpgradeDecision stopping = steps.next(pipeline, OLD, 1, true, null);
        assertThat(stopping.upgrade().reason).isEqualTo("suspend");
        assertThat(stopping.upgrade().step).isEqualTo(UpgradeStatus.Step.Stopping);
        apply(pipeline, stopping);
        apply(pipeline, steps.next(pipeline, OLD, 1, true, null)); // the request is sent

        flink.progress = SavepointProgress.completed(SAVEPOINT);
        apply(pipeline, steps.next(pipeline, OLD, 1, true, null));
        UpgradeDecision scaling = steps.next(pipeline, OLD, 1, true, null);
        assertDeploys(scaling, SAVEPOINT, false);
        apply(pipeline, scaling);
        UpgradeDecision suspended = steps.next(pipeline, OLD, 0, false, null);
        assertThat(suspended.upgrade()).isNull();
        assertDeploys(suspended, SAVEPOINT, false);
        apply(pipeline, suspended);
        pipeline.getStatus().phase = PipelinePhase.Suspended;

        UpgradeDecision stillSuspended = steps.next(pipeline, NEW, 0, false, null);
        assertDeploys(stillSuspended, SAVEPOINT, false);
        assertThat(stillSuspended.planHash()).isEqualTo(NEW);
        apply(pipeline, stillSuspended);

        pipeline.getSpec().state = PipelineState.RUNNING;
        UpgradeDecision resuming = steps.next(pipeline, NEW, 0, false, null);
        assertThat(resuming.upgrade().reason).isEqualTo("resume");
        assertThat(resuming.upgrade().restore).isEqualTo(SAVEPOINT);
        apply(pipeline, resuming);
        assertDeploys(steps.next(pipeline, NEW, 0, false, null), SAVEPOINT, true);
        assertThat(flink.calls).filteredOn(c -> c.startsWith("stop")).hasSize(1);
    }

    @Test
    void eachDeploymentHasItsOwnJobIdWhichStaysTheSameWhileItRuns() {
        Pipeline pipeline = running(OLD, null);
        UpgradeDecision first = steps.next(pipeline, OLD, 1, true, null);
        assertThat(first.deploy().get().jobId()).matches("[0-9a-f]{32}")
                .as("a repeated reconcile").isEqualTo(steps.next(pipeline, OLD, 1, true, null).deploy().get().jobId());
        pipeline.getSpec().upgradeMode = UpgradeMode.LAST_STATE;
        UpgradeDecision upgrade = steps.next(pipeline, NEW, 1, true, null);
        apply(pipeline, upgrade);
        String upgraded = steps.next(pipeline, NEW, 1, true, null).deploy().get().jobId();
        assertThat(upgraded).as("the upgraded deployment").isNotEqualTo(first.deploy().get().jobId());
    }

    // --- fixtures ---

    private static void assertDeploys(UpgradeDecision decision, String restore, boolean running) {
        assertThat(decision.deploy()).get().satisfies(job -> {
            assertThat(job.restore()).isEqualTo(restore);
            assertThat(job.running()).isEqualTo(running);
            assertThat(job.jobId()).matches("[0-9a-f]{32}");
        });
    }

    private static Pipeline running(String planHash, String restoredFrom) {
        Pipeline pipeline = PipelineFixtures.pipeline();
        pipeline.setStatus(new PipelineStatus());
        pipeline.getStatus().planHash = planHash;
        pipeline.getStatus().restoredFrom = restoredFrom;
        pipeline.getStatus().phase = PipelinePhase.Running;
        return pipeline;
    }

    /** Job job-1 was stopped with {@link #SAVEPOINT}, recorded; plan NEW is being deployed from it. */
    private static Pipeline redeployingFromTheSavepoint() {
        Pipeline pipeline = running(OLD, null);
        UpgradeStatus upgrade = new UpgradeStatus();
        upgrade.reason = "upgrade";
        upgrade.step = UpgradeStatus.Step.Redeploying;
        upgrade.jobId = "job-1";
        upgrade.restore = SAVEPOINT;
        upgrade.toPlanHash = NEW;
        upgrade.startTime = NOW.minusSeconds(30).toString();
        pipeline.getStatus().upgrade = upgrade;
        return pipeline;
    }

    private Pipeline stopping(String jobId, String trigger) {
        Pipeline pipeline = running(OLD, null);
        UpgradeStatus upgrade = new UpgradeStatus();
        upgrade.reason = "upgrade";
        upgrade.step = UpgradeStatus.Step.Stopping;
        upgrade.jobId = jobId;
        upgrade.savepointTriggerId = trigger;
        upgrade.toPlanHash = NEW;
        upgrade.startTime = NOW.minusSeconds(5).toString();
        pipeline.getStatus().upgrade = upgrade;
        return pipeline;
    }

    /** What the reconciler writes to the status, read back by the next reconcile. */
    private static void apply(Pipeline pipeline, UpgradeDecision decision) {
        pipeline.getStatus().planHash = decision.planHash();
        pipeline.getStatus().restoredFrom = decision.restoredFrom();
        pipeline.getStatus().upgrade = decision.upgrade();
        pipeline.getStatus().lastSavepoint = decision.savepoint();
        decision.deploy().ifPresent(job -> pipeline.getStatus().deployedJobId = job.jobId());
    }

    private static FlinkJob job(String id, String state, String planHash) {
        return new FlinkJob(id, state, NOW.minusSeconds(60), 0, null, null, null, planHash, null, null);
    }
}
