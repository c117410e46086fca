package dev.tributary.operator.pipeline.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.CheckpointSpec;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelinePhase;
import dev.tributary.api.v1alpha1.PipelineState;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.api.v1alpha1.UpgradeMode;
import dev.tributary.api.v1alpha1.UpgradeSpec;
import dev.tributary.api.v1alpha1.UpgradeStatus;
import dev.tributary.operator.flink.FlinkJob;
import dev.tributary.operator.flink.SavepointProgress;
import dev.tributary.operator.pipeline.build.JobDeployment;
import dev.tributary.operator.pipeline.PipelineFixtures;
import dev.tributary.operator.pipeline.observe.FlinkObserver;
import dev.tributary.operator.testing.FakeFlink;
import dev.tributary.operator.testing.MovingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The safe-upgrade steps: the gate before a running job is stopped (the judge's verdict on the plan change), the
 * verification of the new job and the rollback to the previous plan from the same savepoint. Each reconcile's
 * status is fed to the next one, as the API server would; Flink is {@link FakeFlink}, time a {@link MovingClock}.
 */
class SafeUpgradeStepsTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final String OLD = "plan-old";
    private static final String NEW = "plan-new";
    private static final String SAVEPOINT = "file:/tributary/state/shop/sessionize/savepoints/savepoint-77";
    private static final UpgradeJudgement KEEPS = new UpgradeJudgement.Judged(List.of(), List.of());
    private static final UpgradeJudgement DROPS = new UpgradeJudgement.Judged(
            List.of("GroupAggregate (5d1c0ffee)"), List.of());
    private static final UpgradeJudgement INCOMPATIBLE = new UpgradeJudgement.Judged(
            List.of(), List.of("Join (0badf00d)"));

    private final FakeFlink flink = new FakeFlink();
    private final MovingClock clock = new MovingClock(NOW);
    private UpgradeSteps steps = new UpgradeSteps();

    @Test
    void aChangeThatWouldDropStateIsBlockedAndTheRunningJobKeepsRunning() {
        Pipeline pipeline = running();
        UpgradeDecision decision = next(pipeline, NEW, DROPS);
        assertThat(decision.action()).isInstanceOf(UpgradeAction.Hold.class);
        assertThat(decision.upgrade()).as("no upgrade begins").isNull();
        assertThat(decision.planHash()).isEqualTo(OLD);
        assertThat(decision.problem()).as("Ready stays as the running job is").isNull();
        assertThat(decision.blocked()).contains("GroupAggregate (5d1c0ffee)")
                .contains("spec.upgrade.allowStateLoss: true").contains("upgradeMode: stateless");
        assertThat(decision.recheck()).contains(UpgradeSteps.RECHECK_GATE);
        assertThat(flink.stops()).isEmpty();
    }

    @Test
    void stateOfAnotherShapeIsBlockedEvenWhenStateLossIsAllowedButStatelessGoesAhead() {
        Pipeline pipeline = running();
        allowStateLoss(pipeline);
        assertThat(next(pipeline, NEW, INCOMPATIBLE).blocked()).contains("Join (0badf00d)")
                .contains("cannot restore").contains("upgradeMode: stateless");
        pipeline.getSpec().upgradeMode = UpgradeMode.STATELESS;
        UpgradeDecision stateless = next(pipeline, NEW, INCOMPATIBLE);
        assertThat(stateless.blocked()).isNull();
        assertThat(stateless.upgrade().step).isEqualTo(UpgradeStatus.Step.Redeploying);
        assertThat(stateless.upgrade().restore).isNull();
    }

    @Test
    void whileTheJudgeWorksNothingMovesAndTheReconcileAsksAgainSoon() {
        UpgradeDecision decision = next(running(), NEW, new UpgradeJudgement.Pending());
        assertThat(decision.action()).isInstanceOf(UpgradeAction.Hold.class);
        assertThat(decision.upgrade()).isNull();
        assertThat(decision.blocked()).isNull();
        assertThat(decision.recheck()).contains(UpgradeSteps.JUDGE_POLL);
        assertThat(flink.stops()).isEmpty();
    }

    @Test
    void allowedStateLossStartsTheNewJobAllowingNonRestoredState() {
        Pipeline pipeline = running();
        allowStateLoss(pipeline);
        UpgradeDecision redeploying = toRedeploy(pipeline, DROPS);
        assertThat(redeploying.deploy()).get().satisfies(job -> {
            assertThat(job.restore()).isEqualTo(SAVEPOINT);
            assertThat(job.allowNonRestoredState()).isTrue();
        });
    }

    @Test
    void aKeptUpgradeIsVerifiedByItsFirstCheckpointBeforeItIsDone() {
        Pipeline pipeline = running();
        UpgradeDecision redeploying = toRedeploy(pipeline, KEEPS);
        assertThat(redeploying.upgrade().previousPlanHash).isEqualTo(OLD);
        assertThat(redeploying.upgrade().verifyDeadline).as("three 30s intervals, at least 5 minutes")
                .isEqualTo(NOW.plus(Duration.ofMinutes(5)).toString());
        assertThat(redeploying.deploy().orElseThrow().allowNonRestoredState()).isFalse();
        String newJob = redeploying.deploy().orElseThrow().jobId();

        flink.job = FakeFlink.job(newJob, "RUNNING", NEW, NOW);
        UpgradeDecision verifying = apply(pipeline, next(pipeline, NEW, new UpgradeJudgement.NotAsked()));
        assertThat(verifying.upgrade().step).isEqualTo(UpgradeStatus.Step.Verifying);
        assertThat(verifying.note()).as("not upgraded before a checkpoint completed").isEmpty();

        flink.job = withCheckpoint(flink.job);
        UpgradeDecision done = next(pipeline, NEW, new UpgradeJudgement.NotAsked());
        assertThat(done.upgrade()).isNull();
        assertThat(done.planHash()).isEqualTo(NEW);
        assertThat(done.note()).get().extracting(UpgradeDecision.Note::reason).isEqualTo("Upgraded");
        assertThat(done.failedUpgrade()).isNull();
    }

    @Test
    void aNewJobThatFailsToRestoreIsRolledBackToThePreviousPlanFromTheSameSavepoint() {
        Pipeline pipeline = running();
        String newJob = toRedeploy(pipeline, KEEPS).deploy().orElseThrow().jobId();
        flink.job = new FlinkJob(newJob, "FAILED", NOW, 0, "java.lang.IllegalStateException: Failed to rollback to"
                + " checkpoint/savepoint " + SAVEPOINT + ". Cannot map checkpoint/savepoint state for operator"
                + " 5d1c0ffee to the new program", NOW, null, NEW, null, null);

        UpgradeDecision rollingBack = apply(pipeline, next(pipeline, NEW, new UpgradeJudgement.NotAsked()));
        assertThat(rollingBack.upgrade().step).isEqualTo(UpgradeStatus.Step.RollingBack);
        assertThat(rollingBack.upgrade().failure).contains("Cannot map checkpoint/savepoint state");
        assertThat(rollingBack.planHash()).as("the previous plan").isEqualTo(OLD);
        JobDeployment rollback = rollingBack.deploy().orElseThrow();
        assertThat(rollback.restore()).as("the same savepoint").isEqualTo(SAVEPOINT);
        assertThat(rollback.jobId()).isNotEqualTo(newJob);
        assertThat(rollingBack.note()).get().extracting(UpgradeDecision.Note::reason).isEqualTo("RollingBack");

        // The operator restarts here: a new instance finds the rollback in the status and deploys the same job.
        steps = new UpgradeSteps();
        UpgradeDecision again = next(pipeline, NEW, new UpgradeJudgement.NotAsked());
        assertThat(again.deploy()).contains(rollback);
        assertThat(again.note()).isEmpty();

        flink.job = FakeFlink.job(rollback.jobId(), "RUNNING", OLD, NOW);
        UpgradeDecision rolledBack = apply(pipeline, next(pipeline, NEW, new UpgradeJudgement.NotAsked()));
        assertThat(rolledBack.upgrade()).isNull();
        assertThat(rolledBack.planHash()).isEqualTo(OLD);
        assertThat(rolledBack.restoredFrom()).isEqualTo(SAVEPOINT);
        assertThat(rolledBack.note()).get().satisfies(note -> {
            assertThat(note.reason()).isEqualTo("RolledBack");
            assertThat(note.message()).contains("Cannot map checkpoint/savepoint state").doesNotContain("\n");
        });
        assertThat(rolledBack.problemReason()).isEqualTo(UpgradeDecision.UPGRADE_FAILED);
        assertThat(rolledBack.failedUpgrade().planHash).isEqualTo(NEW);

        UpgradeDecision stays = apply(pipeline, next(pipeline, NEW, KEEPS));
        assertThat(stays.action()).as("the failed plan is not tried again").isInstanceOf(UpgradeAction.Hold.class);
        assertThat(stays.upgrade()).isNull();
        assertThat(stays.problemReason()).isEqualTo(UpgradeDecision.UPGRADE_FAILED);
        assertThat(stays.problem()).contains("rolled back").contains("change the spec");
        assertThat(flink.stops()).as("one savepoint only").hasSize(1);

        UpgradeDecision another = next(pipeline, "plan-newer", KEEPS);
        assertThat(another.failedUpgrade()).as("forgotten once the spec asks for another plan").isNull();
        assertThat(another.upgrade().step).isEqualTo(UpgradeStatus.Step.Stopping);
    }

    @Test
    void aNewJobWithoutACheckpointByTheDeadlineIsRolledBackWithWhatFlinkLastSaid() {
        Pipeline pipeline = running();
        pipeline.getSpec().upgrade = new UpgradeSpec();
        pipeline.getSpec().upgrade.verifyTimeout = "90s";
        String newJob = toRedeploy(pipeline, KEEPS).deploy().orElseThrow().jobId();
        flink.job = new FlinkJob(newJob, "RESTARTING", NOW, 4, "java.io.IOException: bad record", NOW, null, NEW,
                null, null);
        clock.advance(Duration.ofSeconds(89));
        assertThat(apply(pipeline, next(pipeline, NEW, new UpgradeJudgement.NotAsked())).upgrade().step)
                .isEqualTo(UpgradeStatus.Step.Redeploying);
        clock.advance(Duration.ofSeconds(2));
        UpgradeDecision rollingBack = next(pipeline, NEW, new UpgradeJudgement.NotAsked());
        assertThat(rollingBack.upgrade().step).isEqualTo(UpgradeStatus.Step.RollingBack);
        assertThat(rollingBack.upgrade().failure).contains("within 1m30s").contains("bad record");
    }

    @Test
    void aRollbackWhosePreviousPlanCannotRunEitherGivesWayToTheNextSpecChange() {
        Pipeline pipeline = running();
        toRedeploy(pipeline, KEEPS);
        clock.advance(Duration.ofMinutes(6)); // no job ever ran
        UpgradeDecision rollingBack = apply(pipeline, next(pipeline, NEW, new UpgradeJudgement.NotAsked()));
        assertThat(rollingBack.upgrade().step).isEqualTo(UpgradeStatus.Step.RollingBack);
        assertThat(rollingBack.upgrade().failure).contains("no job runs");
        assertThat(apply(pipeline, next(pipeline, NEW, new UpgradeJudgement.NotAsked())).upgrade().step)
                .as("still rolling back while the spec asks for the failed plan").isEqualTo(UpgradeStatus.Step.RollingBack);

        UpgradeDecision newer = next(pipeline, "plan-newer", new UpgradeJudgement.NotAsked());
        assertThat(newer.upgrade().step).isEqualTo(UpgradeStatus.Step.Redeploying);
        assertThat(newer.planHash()).isEqualTo("plan-newer");
        assertThat(newer.deploy()).get().satisfies(job -> assertThat(job.restore()).isEqualTo(SAVEPOINT));
        assertThat(newer.upgrade().verifyDeadline).as("a new clock for the new plan").isNull();
    }

    @Test
    void withoutTheRunningPlanThereIsNoGateAndNoRollback() {
        Pipeline pipeline = running();
        assertThat(takeTheSavepoint(pipeline, NEW, new UpgradeJudgement.NotAsked()).upgrade().previousPlanHash)
                .isNull();
        UpgradeDecision redeploying = apply(pipeline, next(pipeline, NEW, new UpgradeJudgement.NotAsked()));
        assertThat(redeploying.upgrade().verifyDeadline).isNull();
        flink.job = FakeFlink.job(redeploying.deploy().orElseThrow().jobId(), "RUNNING", NEW, NOW);
        assertThat(next(pipeline, NEW, new UpgradeJudgement.NotAsked()).upgrade()).as("done as before").isNull();
    }

    @Test
    void theDeadlineIsThreeCheckpointIntervalsAndAtLeastFiveMinutesUnlessTheSpecSaysSo() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        pipeline.getSpec().checkpoints = null;
        assertThat(UpgradeVerification.timeout(pipeline)).isEqualTo(Duration.ofMinutes(5));
        pipeline.getSpec().checkpoints = new CheckpointSpec();
        pipeline.getSpec().checkpoints.interval = "1m";
        assertThat(UpgradeVerification.timeout(pipeline)).isEqualTo(Duration.ofMinutes(5));
        pipeline.getSpec().checkpoints.interval = "3m";
        assertThat(UpgradeVerification.timeout(pipeline)).isEqualTo(Duration.ofMinutes(9));
        pipeline.getSpec().upgrade = new UpgradeSpec();
        pipeline.getSpec().upgrade.verifyTimeout = "45s";
        assertThat(UpgradeVerification.timeout(pipeline)).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void resumingASuspendedPipelineWithAChangedPlanGoesThroughTheGate() {
        Pipeline pipeline = suspended();
        UpgradeDecision judging = nextSuspended(pipeline, NEW, new UpgradeJudgement.Pending());
        assertThat(judging.action()).isInstanceOf(UpgradeAction.Hold.class);
        assertThat(judging.upgrade()).isNull();
        assertThat(judging.recheck()).contains(UpgradeSteps.JUDGE_POLL);

        UpgradeDecision blocked = nextSuspended(pipeline, NEW, DROPS);
        assertThat(blocked.action()).as("stays suspended").isInstanceOf(UpgradeAction.Hold.class);
        assertThat(blocked.upgrade()).isNull();
        assertThat(blocked.planHash()).isEqualTo(OLD);
        assertThat(blocked.blocked()).contains("GroupAggregate (5d1c0ffee)").contains("allowStateLoss");

        UpgradeDecision resuming = nextSuspended(pipeline, NEW, KEEPS);
        assertThat(resuming.blocked()).isNull();
        assertThat(resuming.upgrade().reason).isEqualTo(UpgradeReason.RESUME.value());
        assertThat(resuming.upgrade().restore).isEqualTo(SAVEPOINT);
        assertThat(resuming.upgrade().toPlanHash).isEqualTo(NEW);
        assertThat(resuming.upgrade().previousPlanHash).as("the savepoint's plan").isEqualTo(OLD);
        apply(pipeline, resuming);
        flink.job = null; // the resumed JobManager answers, its job not submitted yet
        UpgradeDecision newerBlocked = next(pipeline, "plan-newer", DROPS);
        assertThat(newerBlocked.upgrade().toPlanHash).as("resumes the judged plan").isEqualTo(NEW);
        assertThat(newerBlocked.blocked()).contains("GroupAggregate (5d1c0ffee)");
        pipeline.getStatus().upgrade = null;
        pipeline.getStatus().planHash = OLD;

        allowStateLoss(pipeline);
        apply(pipeline, nextSuspended(pipeline, NEW, DROPS));
        UpgradeDecision deployed = nextSuspended(pipeline, NEW, new UpgradeJudgement.NotAsked());
        assertThat(deployed.deploy()).get().satisfies(job -> {
            assertThat(job.restore()).isEqualTo(SAVEPOINT);
            assertThat(job.allowNonRestoredState()).as("allowStateLoss").isTrue();
        });
    }

    @Test
    void aPlanChangedWhileSuspendedIsJudgedBeforeItIsDeployedAtZeroReplicas() {
        Pipeline pipeline = suspended();
        pipeline.getSpec().state = PipelineState.SUSPENDED;
        UpgradeDecision blocked = nextSuspended(pipeline, NEW, INCOMPATIBLE);
        assertThat(blocked.action()).isInstanceOf(UpgradeAction.Hold.class);
        assertThat(blocked.planHash()).as("the suspended plan stays, so resuming restores it").isEqualTo(OLD);
        assertThat(blocked.blocked()).contains("Join (0badf00d)");

        UpgradeDecision kept = nextSuspended(pipeline, NEW, KEEPS);
        assertThat(kept.planHash()).isEqualTo(NEW);
        assertThat(kept.deploy()).get().satisfies(job -> {
            assertThat(job.running()).isFalse();
            assertThat(job.restore()).isEqualTo(SAVEPOINT);
        });
    }

    @Test
    void aSpecChangedWhileTheNewJobIsVerifiedIsJudgedAgainstThePreviousPlanBeforeItIsDeployed() {
        Pipeline pipeline = running();
        String newJob = toRedeploy(pipeline, KEEPS).deploy().orElseThrow().jobId();
        flink.job = FakeFlink.job(newJob, "RUNNING", NEW, NOW);
        assertThat(apply(pipeline, next(pipeline, NEW, KEEPS)).upgrade().step).isEqualTo(UpgradeStatus.Step.Verifying);

        // Verifying: the new job keeps its chance; the newer plan is not deployed.
        UpgradeDecision stillVerifying = apply(pipeline, next(pipeline, "plan-newer", DROPS));
        assertThat(stillVerifying.upgrade().step).isEqualTo(UpgradeStatus.Step.Verifying);
        assertThat(stillVerifying.deploy().orElseThrow().jobId()).isEqualTo(newJob);

        // The new job fails: the rollback goes on while the newer plan would drop the previous plan's state.
        flink.job = new FlinkJob(newJob, "FAILED", NOW, 0, "java.lang.ClassNotFoundException: rockdb", NOW, null, NEW,
                null, null);
        UpgradeDecision rollingBack = apply(pipeline, next(pipeline, "plan-newer", DROPS));
        assertThat(rollingBack.upgrade().step).isEqualTo(UpgradeStatus.Step.RollingBack);
        flink.job = null;
        UpgradeDecision blocked = apply(pipeline, next(pipeline, "plan-newer", DROPS));
        assertThat(blocked.upgrade().step).as("not deployed blindly").isEqualTo(UpgradeStatus.Step.RollingBack);
        assertThat(blocked.planHash()).isEqualTo(OLD);
        assertThat(blocked.blocked()).contains("GroupAggregate (5d1c0ffee)");
        assertThat(next(pipeline, "plan-newer", new UpgradeJudgement.Pending()).recheck())
                .contains(UpgradeSteps.JUDGE_POLL);

        UpgradeDecision newer = next(pipeline, "plan-newer", KEEPS);
        assertThat(newer.upgrade().step).isEqualTo(UpgradeStatus.Step.Redeploying);
        assertThat(newer.planHash()).isEqualTo("plan-newer");
        assertThat(newer.deploy()).get().satisfies(job -> assertThat(job.restore()).isEqualTo(SAVEPOINT));
    }

    @Test
    void aSpecChangedBeforeTheNewJobRunsIsJudgedBeforeItReplacesIt() {
        Pipeline pipeline = running();
        UpgradeDecision redeploying = toRedeploy(pipeline, KEEPS);

        UpgradeDecision blocked = apply(pipeline, next(pipeline, "plan-newer", INCOMPATIBLE));
        assertThat(blocked.upgrade().toPlanHash).isEqualTo(NEW);
        assertThat(blocked.deploy()).isEqualTo(redeploying.deploy());
        assertThat(blocked.blocked()).contains("Join (0badf00d)");

        UpgradeDecision newer = next(pipeline, "plan-newer", KEEPS);
        assertThat(newer.upgrade().toPlanHash).isEqualTo("plan-newer");
        assertThat(newer.deploy()).get().satisfies(job -> assertThat(job.restore()).isEqualTo(SAVEPOINT));
        assertThat(newer.blocked()).isNull();
    }

    @Test
    void aSpecChangedBeforeTheUpgradesPlanWasEverAppliedIsJudgedAndDeployedInsteadAndNothingElseRunsMeanwhile() {
        Pipeline pipeline = running();
        UpgradeDecision taken = takeTheSavepoint(pipeline, NEW, KEEPS);
        assertThat(taken.deploy()).as("the savepoint is recorded before anything is deployed").isEmpty();

        // NEW's children were never applied, so the plan ConfigMap holds OLD only: NEW cannot be built any more,
        // and the spec's plan must not be deployed under NEW's name.
        UpgradeDecision blocked = apply(pipeline, next(pipeline, "plan-newer", INCOMPATIBLE));
        assertThat(blocked.action()).isInstanceOf(UpgradeAction.Hold.class);
        assertThat(blocked.planHash()).as("the status names what the job's children carry").isEqualTo(OLD);
        assertThat(blocked.upgrade().step).isEqualTo(UpgradeStatus.Step.Redeploying);
        assertThat(blocked.blocked()).contains("Join (0badf00d)");
        assertThat(next(pipeline, "plan-newer", new UpgradeJudgement.Pending()).recheck())
                .contains(UpgradeSteps.JUDGE_POLL);

        UpgradeDecision newer = apply(pipeline, next(pipeline, "plan-newer", KEEPS));
        assertThat(newer.planHash()).isEqualTo("plan-newer");
        assertThat(newer.upgrade().toPlanHash).isEqualTo("plan-newer");
        assertThat(newer.upgrade().previousPlanHash).as("still rolled back to the savepoint's plan").isEqualTo(OLD);
        assertThat(newer.deploy()).get().satisfies(job -> assertThat(job.restore()).isEqualTo(SAVEPOINT));
    }

    @Test
    void aSpecChangedWhileTheNewJobManagerIsNotReadyReplacesItButNotWhileItIsReadyAndSilent() {
        Pipeline pipeline = running();
        UpgradeDecision redeploying = toRedeploy(pipeline, KEEPS);
        flink.unreachable = true;

        UpgradeDecision readyButSilent = next(pipeline, "plan-newer", KEEPS, true);
        assertThat(readyButSilent.deploy()).as("its job may run: waited for").isEqualTo(redeploying.deploy());
        assertThat(readyButSilent.planHash()).isEqualTo(NEW);

        UpgradeDecision blocked = next(pipeline, "plan-newer", INCOMPATIBLE, false);
        assertThat(blocked.deploy()).isEqualTo(redeploying.deploy());
        assertThat(blocked.blocked()).contains("Join (0badf00d)");

        UpgradeDecision replaced = next(pipeline, "plan-newer", KEEPS, false);
        assertThat(replaced.planHash()).isEqualTo("plan-newer");
        assertThat(replaced.upgrade().toPlanHash).isEqualTo("plan-newer");
        assertThat(replaced.upgrade().verifyDeadline).as("the new deployment's clock starts when it is applied")
                .isNull();
        assertThat(replaced.deploy()).get().satisfies(job -> {
            assertThat(job.restore()).isEqualTo(SAVEPOINT);
            assertThat(job.jobId()).isNotEqualTo(redeploying.deploy().orElseThrow().jobId());
        });
    }

    @Test
    void aResumeOfTheSamePlanRemembersItSoASpecChangedBeforeTheJobRunsIsJudgedAgainstTheSavepoint() {
        Pipeline pipeline = suspended();
        UpgradeDecision resuming = apply(pipeline, nextSuspended(pipeline, OLD, new UpgradeJudgement.NotAsked()));
        assertThat(resuming.upgrade().reason).isEqualTo(UpgradeReason.RESUME.value());
        assertThat(resuming.upgrade().previousPlanHash).as("the savepoint's plan").isEqualTo(OLD);
        UpgradeDecision deployed = apply(pipeline, next(pipeline, OLD, new UpgradeJudgement.NotAsked(), false));
        assertThat(deployed.deploy()).get().satisfies(job -> assertThat(job.restore()).isEqualTo(SAVEPOINT));
        flink.job = null; // the JobManager answers, its job not submitted yet

        UpgradeDecision blocked = next(pipeline, "plan-newer", DROPS);
        assertThat(blocked.planHash()).isEqualTo(OLD);
        assertThat(blocked.deploy()).isEqualTo(deployed.deploy());
        assertThat(blocked.blocked()).contains("GroupAggregate (5d1c0ffee)");
        UpgradeDecision newer = next(pipeline, "plan-newer", KEEPS);
        assertThat(newer.planHash()).isEqualTo("plan-newer");
        assertThat(newer.deploy()).get().satisfies(job -> assertThat(job.restore()).isEqualTo(SAVEPOINT));
    }

    @Test
    void aStateLossAllowedWhileSuspendedIsStillAllowedWhenTheNewPlanResumes() {
        Pipeline pipeline = suspended();
        pipeline.getSpec().state = PipelineState.SUSPENDED;
        allowStateLoss(pipeline);
        UpgradeDecision atZero = apply(pipeline, nextSuspended(pipeline, NEW, DROPS));
        assertThat(atZero.planHash()).as("deployed at zero replicas, for the resume").isEqualTo(NEW);

        pipeline.getSpec().state = PipelineState.RUNNING;
        UpgradeDecision resuming = apply(pipeline, nextSuspended(pipeline, NEW, new UpgradeJudgement.NotAsked()));
        assertThat(resuming.upgrade().allowNonRestoredState).as("the savepoint is the old plan's").isTrue();
        UpgradeDecision deployed = next(pipeline, NEW, new UpgradeJudgement.NotAsked(), false);
        assertThat(deployed.deploy()).get().satisfies(job -> {
            assertThat(job.restore()).isEqualTo(SAVEPOINT);
            assertThat(job.allowNonRestoredState()).isTrue();
        });

        pipeline.getSpec().upgrade = null;
        pipeline.getStatus().upgrade = null;
        assertThat(nextSuspended(pipeline, NEW, new UpgradeJudgement.NotAsked()).upgrade().allowNonRestoredState)
                .as("not without the spec's consent").isNull();
    }

    @Test
    void aResumeWithAnotherPlanThanTheSavepointsIsVerifiedAndRolledBackToTheSavepointsPlan() {
        Pipeline pipeline = suspended();
        UpgradeDecision resuming = apply(pipeline, nextSuspended(pipeline, NEW, KEEPS));
        assertThat(resuming.upgrade().previousPlanHash).isEqualTo(OLD);
        String newJob = apply(pipeline, next(pipeline, NEW, KEEPS, false)).deploy().orElseThrow().jobId();
        flink.job = new FlinkJob(newJob, "FAILED", NOW, 0, "java.lang.IllegalStateException: Failed to rollback to"
                + " checkpoint/savepoint", NOW, null, NEW, SAVEPOINT, null);

        UpgradeDecision rollingBack = apply(pipeline, next(pipeline, NEW, KEEPS));
        assertThat(rollingBack.upgrade().step).isEqualTo(UpgradeStatus.Step.RollingBack);
        assertThat(rollingBack.planHash()).isEqualTo(OLD);
        assertThat(rollingBack.deploy()).get().satisfies(job -> {
            assertThat(job.restore()).isEqualTo(SAVEPOINT);
            assertThat(job.running()).isTrue();
        });

        UpgradeDecision sameSavepointsPlan = apply(pipeline, nextSuspended(suspended(), OLD,
                new UpgradeJudgement.NotAsked()));
        assertThat(UpgradeVerification.guarded(sameSavepointsPlan.upgrade())).as("resuming the plan that ran")
                .isFalse();
    }

    @Test
    void aResumeBeforeTheSuspensionFinishedIsJudgedAgainstThePlanWhoseSavepointItIs() {
        Pipeline pipeline = running();
        pipeline.getSpec().state = PipelineState.SUSPENDED;
        UpgradeDecision suspending = takeTheSavepoint(pipeline, OLD, new UpgradeJudgement.NotAsked());
        assertThat(suspending.upgrade().reason).isEqualTo(UpgradeReason.SUSPEND.value());
        assertThat(suspending.upgrade().previousPlanHash).as("the plan whose state it keeps").isEqualTo(OLD);

        pipeline.getSpec().state = PipelineState.RUNNING;
        UpgradeDecision blocked = next(pipeline, NEW, DROPS);
        assertThat(blocked.action()).as("the job's children stay").isInstanceOf(UpgradeAction.Hold.class);
        assertThat(blocked.upgrade().reason).isEqualTo(UpgradeReason.SUSPEND.value());
        assertThat(blocked.blocked()).contains("GroupAggregate (5d1c0ffee)");
        assertThat(next(pipeline, NEW, new UpgradeJudgement.Pending()).recheck()).contains(UpgradeSteps.JUDGE_POLL);

        UpgradeDecision resumed = next(pipeline, NEW, KEEPS);
        assertThat(resumed.upgrade().reason).isEqualTo(UpgradeReason.RESUME.value());
        assertThat(resumed.planHash()).isEqualTo(NEW);
        assertThat(resumed.deploy()).get().satisfies(job -> {
            assertThat(job.restore()).isEqualTo(SAVEPOINT);
            assertThat(job.running()).isTrue();
        });
        assertThat(UpgradeVerification.guarded(resumed.upgrade())).as("verified, and rolled back to OLD").isTrue();
        assertThat(next(pipeline, OLD, new UpgradeJudgement.NotAsked()).deploy()).as("its own plan: no gate")
                .get().satisfies(job -> assertThat(job.restore()).isEqualTo(SAVEPOINT));
    }

    @Test
    void aPlanChangedWithTheSuspensionIsJudgedAndABlockedOneIsNotDeployedEvenAtZeroReplicas() {
        Pipeline pipeline = running();
        pipeline.getSpec().state = PipelineState.SUSPENDED;
        UpgradeDecision taken = takeTheSavepoint(pipeline, NEW, DROPS);
        assertThat(taken.upgrade().reason).isEqualTo(UpgradeReason.SUSPEND.value());
        assertThat(taken.upgrade().previousPlanHash).isEqualTo(OLD);

        assertThat(next(pipeline, NEW, new UpgradeJudgement.Pending()).action()).as("judged first")
                .isInstanceOf(UpgradeAction.Hold.class);
        UpgradeDecision atZero = apply(pipeline, next(pipeline, NEW, DROPS));
        assertThat(atZero.planHash()).as("the savepoint's plan, not the blocked one").isEqualTo(OLD);
        assertThat(atZero.deploy()).get().satisfies(job -> {
            assertThat(job.running()).isFalse();
            assertThat(job.restore()).isEqualTo(SAVEPOINT);
        });
        assertThat(atZero.blocked()).contains("GroupAggregate (5d1c0ffee)");
        UpgradeDecision suspended = nextSuspended(pipeline, NEW, DROPS);
        assertThat(suspended.upgrade()).as("the suspension is over").isNull();
        assertThat(suspended.planHash()).isEqualTo(OLD);
        assertThat(suspended.blocked()).contains("GroupAggregate (5d1c0ffee)");

        assertThat(nextSuspended(pipeline, NEW, KEEPS).planHash()).as("a change that keeps state").isEqualTo(NEW);
    }

    // --- helpers ---

    /** Passes the gate, stops the job with {@link #SAVEPOINT} and returns the first redeploying decision. */
    private UpgradeDecision toRedeploy(Pipeline pipeline, UpgradeJudgement judgement) {
        takeTheSavepoint(pipeline, NEW, judgement);
        UpgradeDecision applied = apply(pipeline, next(pipeline, NEW, judgement));
        assertThat(applied.upgrade().verifyDeadline).as("not before the JobManager carries the new job")
                .isNull();
        UpgradeDecision redeploying = apply(pipeline, next(pipeline, NEW, judgement));
        assertThat(redeploying.upgrade().step).isEqualTo(UpgradeStatus.Step.Redeploying);
        assertThat(redeploying.deploy()).isEqualTo(applied.deploy());
        return redeploying;
    }

    /**
     * Job job-1 runs plan OLD and is stopped with {@link #SAVEPOINT} on its way to {@code desired} (an upgrade, or a
     * suspension when the spec says so): the step that records the savepoint, after which job-1 is gone.
     */
    private UpgradeDecision takeTheSavepoint(Pipeline pipeline, String desired, UpgradeJudgement judgement) {
        flink.job = FakeFlink.job("job-1", "RUNNING", OLD, NOW.minusSeconds(600));
        UpgradeDecision stopping = apply(pipeline, next(pipeline, desired, judgement));
        assertThat(stopping.upgrade().step).isEqualTo(UpgradeStatus.Step.Stopping);
        apply(pipeline, next(pipeline, desired, judgement));
        flink.progress = SavepointProgress.completed(SAVEPOINT);
        flink.job = FakeFlink.job("job-1", "FINISHED", OLD, NOW.minusSeconds(600));
        UpgradeDecision taken = apply(pipeline, next(pipeline, desired, judgement));
        assertThat(taken.upgrade().step).isEqualTo(UpgradeStatus.Step.Redeploying);
        flink.job = null;
        return taken;
    }

    private UpgradeDecision next(Pipeline pipeline, String desired, UpgradeJudgement judgement) {
        return next(pipeline, desired, judgement, true);
    }

    private UpgradeDecision next(Pipeline pipeline, String desired, UpgradeJudgement judgement,
            boolean jobManagerAvailable) {
        // The JobManager Deployment carries the job id of the last deployment applied.
        UpgradeInput in = new UpgradeInput(pipeline, desired, 1, jobManagerAvailable,
                pipeline.getStatus().deployedJobId, new FlinkObserver(flink).observe(pipeline, jobManagerAvailable),
                new SavepointRetries.Schedule(null,
                        UpgradeSteps.RETRY), clock.instant(), judgement);
        UpgradeDecision decision = steps.next(in);
        if (decision.action() instanceof UpgradeAction.StopWithSavepoint stop) {
            flink.stopWithSavepoint(pipeline, stop.jobId(), stop.triggerId());
        }
        return decision;
    }

    /** What the reconciler writes to the status, read back by the next reconcile. */
    private static UpgradeDecision apply(Pipeline pipeline, UpgradeDecision decision) {
        PipelineStatus status = pipeline.getStatus();
        status.planHash = decision.planHash();
        status.restoredFrom = decision.restoredFrom();
        status.upgrade = decision.upgrade();
        status.lastSavepoint = decision.savepoint();
        status.failedUpgrade = decision.failedUpgrade();
        decision.deploy().ifPresent(job -> status.deployedJobId = job.jobId());
        return decision;
    }

    /** A reconcile of a suspended Pipeline: its JobManager at zero replicas, no job. */
    private UpgradeDecision nextSuspended(Pipeline pipeline, String desired, UpgradeJudgement judgement) {
        flink.job = null;
        UpgradeInput in = new UpgradeInput(pipeline, desired, 0, false, pipeline.getStatus().deployedJobId,
                new FlinkObserver(flink).observe(pipeline, false), new SavepointRetries.Schedule(null,
                        UpgradeSteps.RETRY), clock.instant(), judgement);
        return steps.next(in);
    }

    private static Pipeline suspended() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        pipeline.setStatus(new PipelineStatus());
        pipeline.getStatus().planHash = OLD;
        pipeline.getStatus().phase = PipelinePhase.Suspended;
        pipeline.getStatus().restoredFrom = SAVEPOINT;
        pipeline.getStatus().deployedJobId = "job-suspended";
        return pipeline;
    }

    private static Pipeline running() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        pipeline.setStatus(new PipelineStatus());
        pipeline.getStatus().planHash = OLD;
        pipeline.getStatus().phase = PipelinePhase.Running;
        return pipeline;
    }

    private static void allowStateLoss(Pipeline pipeline) {
        pipeline.getSpec().upgrade = new UpgradeSpec();
        pipeline.getSpec().upgrade.allowStateLoss = true;
    }

    private FlinkJob withCheckpoint(FlinkJob job) {
        return new FlinkJob(job.id(), job.state(), job.startTime(), 0, null, null,
                new FlinkJob.Checkpoint(1, clock.instant(), "file:/tributary/state/chk-1"), job.planHash(), SAVEPOINT,
                null);
    }
}
