package dev.tributary.operator.pipeline;

import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelinePhase;
import dev.tributary.api.v1alpha1.PipelineState;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.api.v1alpha1.UpgradeStatus;
import dev.tributary.api.validation.ExactlyOnceRules;
import dev.tributary.api.validation.PipelineValidator;
import dev.tributary.api.validation.Problem;
import dev.tributary.operator.pipeline.build.CheckpointVolumeBuilder;
import dev.tributary.operator.pipeline.build.JobDeployment;
import dev.tributary.operator.pipeline.build.JobManagerBuilder;
import dev.tributary.operator.pipeline.build.PipelineChildren;
import dev.tributary.operator.pipeline.build.PipelineDeploymentSettings;
import dev.tributary.operator.pipeline.build.PipelineDesiredState;
import dev.tributary.operator.pipeline.build.PipelineNames;
import dev.tributary.operator.pipeline.build.TaskManagerReplicas;
import dev.tributary.operator.pipeline.observe.FlinkObservation;
import dev.tributary.operator.pipeline.observe.PipelineObserver;
import dev.tributary.operator.pipeline.observe.PipelineSnapshot;
import dev.tributary.operator.pipeline.upgrade.SavepointRetries;
import dev.tributary.operator.pipeline.upgrade.UpgradeDecision;
import dev.tributary.operator.pipeline.upgrade.UpgradeInput;
import dev.tributary.operator.pipeline.upgrade.UpgradeJudgement;
import dev.tributary.operator.pipeline.upgrade.UpgradeSteps;
import dev.tributary.operator.status.Conditions;
import dev.tributary.operator.status.PipelineReason;
import dev.tributary.operator.status.ProblemList;
import dev.tributary.operator.topic.TopicOutcome;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides one reconcile of a Pipeline from its snapshot, without I/O: the children it should have, what happens to
 * its job (the upgrade steps) and the status that says so. Keeps only the lag readings between reconciles.
 */
public final class PipelineDecider implements PipelineObserver.Rules {

    /** How soon a reconcile asks again while Flink plans the SQL. */
    static final Duration SQL_CHECK_POLL = Duration.ofSeconds(1);

    private final UpgradeSteps upgrades;
    private final PipelineDeploymentSettings settings;
    private final Function<String, KafkaConnectionPlan> kafka;
    private final LagReadings lagReadings = new LagReadings();
    private final Duration resync;
    private final Duration flinkPoll;
    private final UpgradeJudgement.Judge judge;

    /** @param kafka the Kafka connection a Pipeline of a namespace uses */
    public PipelineDecider(UpgradeSteps upgrades, PipelineDeploymentSettings settings,
            Function<String, KafkaConnectionPlan> kafka, Duration resync, Duration flinkPoll) {
        this(upgrades, settings, kafka, resync, flinkPoll, UpgradeJudgement.Judge.NONE);
    }

    /** @param judge what a plan change does to state, looked up without waiting (the upgrade gate) */
    public PipelineDecider(UpgradeSteps upgrades, PipelineDeploymentSettings settings,
            Function<String, KafkaConnectionPlan> kafka, Duration resync, Duration flinkPoll,
            UpgradeJudgement.Judge judge) {
        this.judge = judge;
        this.upgrades = upgrades;
        this.settings = settings;
        this.kafka = kafka;
        this.resync = resync;
        this.flinkPoll = flinkPoll;
    }

    @Override
    public boolean checkable(Pipeline pipeline, Map<String, Source> sources, Map<String, Sink> sinks) {
        return references(pipeline, sources, sinks).isEmpty() && problems(pipeline, sources, sinks).isEmpty();
    }

    @Override
    public PipelineDesiredState desired(Pipeline pipeline, Map<String, Source> sources, Map<String, Sink> sinks) {
        return PipelineDesiredState.of(pipeline, sources, sinks, kafka.apply(pipeline.getMetadata().getNamespace()),
                settings);
    }

    public PipelineDecision decide(PipelineSnapshot snapshot, SavepointRetries.Schedule retries) {
        Pipeline pipeline = snapshot.pipeline();
        Deployment jobManager = snapshot.jobManager();
        Condition deployedSoFar = PipelinePhases.available(jobManager)
                ? PipelinePhases.of(jobManager, 0, false).deployed()
                : Conditions.of(PipelineReason.DEPLOYED, false, PipelineReason.NotDeployed,
                        "Nothing runs until the Pipeline's Sources, Sinks and spec are valid.");
        Optional<Condition> missing = references(pipeline, snapshot.sources(), snapshot.sinks());
        if (missing.isPresent()) {
            return PipelineDecision.statusOnly(pending(pipeline), missing.get(), deployedSoFar, resync);
        }
        List<Problem> problems = problems(pipeline, snapshot.sources(), snapshot.sinks());
        if (!problems.isEmpty()) {
            return PipelineDecision.statusOnly(pending(pipeline), Conditions.notReady(PipelineReason.InvalidSpec,
                    ProblemList.sentence(problems)), deployedSoFar, resync);
        }
        PipelineSqlChecks.Outcome sql = snapshot.sql().orElseThrow();
        if (sql instanceof PipelineSqlChecks.Planning) {
            // the status stays as it was (observedGeneration behind) until the planner has spoken
            return PipelineDecision.later(SQL_CHECK_POLL);
        }
        if (sql instanceof PipelineSqlChecks.Failed failed) {
            return PipelineDecision.statusOnly(pending(pipeline), Conditions.notReady(PipelineReason.InternalError,
                    failed.message()), deployedSoFar, PipelineSqlChecks.RETRY_FAILED);
        }
        List<Problem> sqlProblems = ((PipelineSqlChecks.Checked) sql).problems();
        if (!sqlProblems.isEmpty()) {
            return PipelineDecision.statusOnly(pending(pipeline), Conditions.notReady(PipelineReason.InvalidSql,
                    ProblemList.sentence(sqlProblems)), deployedSoFar, resync);
        }
        return deploy(snapshot, retries);
    }

    private PipelineDecision deploy(PipelineSnapshot snapshot, SavepointRetries.Schedule retries) {
        Pipeline pipeline = snapshot.pipeline();
        PipelineDesiredState desired = snapshot.desired();
        PipelinePlan plan = desired.plan();
        Deployment jobManager = snapshot.jobManager();
        int replicas = desired.taskManagers();
        String desiredHash = PlanCodec.hash(plan);
        UpgradeDecision decision = upgrades.next(new UpgradeInput(pipeline, desiredHash,
                jobManager == null ? null : jobManager.getSpec().getReplicas(), PipelinePhases.available(jobManager),
                JobManagerBuilder.jobIdOf(jobManager), snapshot.flink(), retries, snapshot.now(),
                judgement(snapshot, plan, desiredHash), PlanHistory.hashes(snapshot.children(), pipeline)));
        List<UpgradeDecision.Note> events = new ArrayList<>();
        decision.note().ifPresent(events::add);
        List<HasMetadata> children = decision.deploy()
                .map(job -> jobChildren(snapshot, plan, decision, replicas, job))
                .orElseGet(() -> desired.children().stream().filter(child -> !PipelineChildren.runsTheJob(child))
                        .toList());
        PersistentVolumeClaim volume = snapshot.checkpointVolume();
        if (CheckpointVolumeBuilder.volumeOf(pipeline).isPresent()) {
            RetainedVolume.reused(pipeline, plan, volume).ifPresent(m -> events.add(
                    new UpgradeDecision.Note(RetainedVolume.REUSED, m, false)));
        }

        Deployment taskManagers = snapshot.taskManagers();
        int readyTaskManagers = taskManagers == null || taskManagers.getStatus() == null ? 0
                : Optional.ofNullable(taskManagers.getStatus().getReadyReplicas()).orElse(0);
        // Held children run as they are: a suspension whose savepoint is not taken yet still runs.
        Integer jobManagerReplicas = jobManager == null ? null : jobManager.getSpec().getReplicas();
        boolean running = decision.deploy().map(JobDeployment::running)
                .orElse(jobManagerReplicas == null ? pipeline.getSpec().stateOrDefault() == PipelineState.RUNNING
                        : jobManagerReplicas > 0);

        PipelineStatus status = new PipelineStatus();
        status.planHash = decision.planHash();
        status.restoredFrom = decision.restoredFrom();
        status.deployedJobId = decision.deploy().map(JobDeployment::jobId)
                .orElse(pipeline.getStatus() == null ? null : pipeline.getStatus().deployedJobId);
        status.upgrade = decision.upgrade();
        status.failedUpgrade = decision.failedUpgrade();
        status.lastSavepoint = decision.savepoint();
        status.parallelism = TaskManagerReplicas.parallelism(pipeline, plan, running ? replicas : 0);
        status.replicas = readyTaskManagers;
        status.selector = PipelineChildren.taskManagerSelector(pipeline);
        carryOver(pipeline, status);

        PipelinePhases.Judgement judgement = judge(snapshot, plan, decision, running, readyTaskManagers, status);
        if (status.job != null && "RUNNING".equals(status.job.state)) {
            snapshot.lag().ifPresent(lag -> status.lag = lagReadings.status(snapshot.uid(), lag, snapshot.now())
                    .orElse(null));
        }
        status.phase = judgement.phase();
        status.conditions = UpgradeConditions.with(status.conditions, decision, desiredHash, running);
        Duration next = decision.recheck().orElse(status.job != null && running ? min(resync, flinkPoll) : resync);
        List<HasMetadata> wanted = new ArrayList<>(desired.children());
        wanted.addAll(children);
        return new PipelineDecision(Optional.empty(), decision, children, obsolete(snapshot.children(), wanted),
                desired.deadLetterTopic(), events, status, judgement.ready(), judgement.deployed(), next, running);
    }

    /**
     * Ready and Deployed once the children were applied: the first failure to apply, else the dead-letter topic's
     * trouble when nothing else is wrong.
     *
     * @param failures what could not be applied, as sentences
     * @param applyRetry when to try the applies again (the backoff), used when something failed
     */
    PipelineDecision settle(PipelineDecision decision, List<String> failures, Duration applyRetry,
            TopicOutcome deadLetter) {
        if (!failures.isEmpty()) {
            return decision.with(Conditions.notReady(PipelineReason.ApplyFailed, failures.get(0)),
                    Conditions.of(PipelineReason.DEPLOYED, false, PipelineReason.ApplyFailed, failures.get(0)),
                    applyRetry);
        }
        if (!deadLetter.ready().isTrue() && decision.ready().isTrue()) {
            return decision.with(Conditions.notReady(deadLetter.ready().reason,
                    "Dead-letter topic: " + deadLetter.ready().message), decision.deployed(),
                    deadLetter.retryAfter().orElse(resync));
        }
        return decision;
    }

    /** The lag readings of a Pipeline that is gone. */
    void forget(String uid) {
        lagReadings.forget(uid);
    }

    /**
     * The phase and conditions: an upgrade in flight, a suspension, a JobManager not yet Available, or else the job
     * as Flink reports it (which also fills {@code status.job} and {@code status.lastCheckpoint}).
     */
    private PipelinePhases.Judgement judge(PipelineSnapshot snapshot, PipelinePlan plan, UpgradeDecision decision,
            boolean running, int readyTaskManagers, PipelineStatus status) {
        Deployment jobManager = snapshot.jobManager();
        if (decision.upgrade() != null) {
            Condition deployed = PipelinePhases.available(jobManager)
                    ? Conditions.of(PipelineReason.DEPLOYED, true, PipelineReason.JobManagerAvailable,
                            "The JobManager Deployment is Available.")
                    : Conditions.of(PipelineReason.DEPLOYED, false, PipelineReason.JobManagerUnavailable,
                            "The JobManager Deployment is not Available yet.");
            String message = decision.problem() != null ? decision.problem() : upgradeMessage(decision);
            status.conditions = List.of(CheckpointHealth.notRunning());
            return new PipelinePhases.Judgement(PipelinePhase.Upgrading,
                    Conditions.notReady(PipelineReason.Upgrading, message), deployed);
        }
        if (!running || !PipelinePhases.available(jobManager)) {
            PipelinePhases.Judgement judgement = PipelinePhases.of(jobManager, readyTaskManagers, !running);
            if (!running) {
                status.conditions = List.of(CheckpointHealth.notRunning());
                return new PipelinePhases.Judgement(PipelinePhase.Suspended, Conditions.ready(PipelineReason.Suspended,
                        "The Pipeline is suspended: no JobManager or TaskManager runs. It resumes from "
                                + UpgradeSteps.describe(decision.restoredFrom()) + "."),
                        Conditions.of(PipelineReason.DEPLOYED, true, PipelineReason.Suspended,
                                "Scaled to zero while suspended."));
            }
            return judgement;
        }
        FlinkObservation flink = snapshot.flink();
        PipelinePhases.Judgement judgement = JobPoll.judge(flink.job(), flink.unreachable(), snapshot.pipeline(), plan,
                readyTaskManagers, status, snapshot.now(), resync);
        if (decision.problem() != null) {
            return new PipelinePhases.Judgement(judgement.phase(), Conditions.notReady(
                    decision.problemReason() == null ? PipelineReason.UpgradeBlocked
                            : PipelineReason.valueOf(decision.problemReason()), decision.problem()),
                    judgement.deployed());
        }
        return judgement;
    }

    /**
     * What the change from the running plan to the desired one does to state, when the job's plan changes (also
     * while it is suspended); the running plan is the one its plan ConfigMap holds. While an upgrade, a suspension
     * or a resume is in flight, the plan whose state the new job gets: the previous one, kept in the same ConfigMap.
     */
    private UpgradeJudgement judgement(PipelineSnapshot snapshot, PipelinePlan plan, String desiredHash) {
        PipelineStatus status = snapshot.pipeline().getStatus();
        UpgradeStatus upgrade = status == null ? null : status.upgrade;
        if (upgrade != null && upgrade.previousPlanHash != null && !desiredHash.equals(upgrade.previousPlanHash)) {
            PipelinePlan stateOf = PlanHistory.find(snapshot.children(), snapshot.pipeline(), upgrade.previousPlanHash)
                    .orElse(null);
            return judge.judgement(upgrade.previousPlanHash, stateOf, desiredHash, plan);
        }
        if (status == null || upgrade != null || status.planHash == null || desiredHash.equals(status.planHash)) {
            return new UpgradeJudgement.NotAsked();
        }
        PipelinePlan running = PlanHistory.find(snapshot.children(), snapshot.pipeline(), status.planHash).orElse(null);
        return judge.judgement(status.planHash, running, desiredHash, plan);
    }

    /**
     * The children that run the job of {@code decision}: of the desired plan, or of the previous one a rollback
     * redeploys (from the plan ConfigMap); during a guarded upgrade the ConfigMap keeps the previous plan too.
     */
    private List<HasMetadata> jobChildren(PipelineSnapshot snapshot, PipelinePlan plan, UpgradeDecision decision,
            int replicas, JobDeployment job) {
        Pipeline pipeline = snapshot.pipeline();
        UpgradeStatus inFlight = decision.upgrade() != null ? decision.upgrade() : pipeline.getStatus() == null ? null
                : pipeline.getStatus().upgrade;
        String previousHash = inFlight == null ? null : inFlight.previousPlanHash;
        PipelinePlan deployed = plan;
        if (!PlanCodec.hash(plan).equals(decision.planHash())) {
            // Another plan than the spec's is deployed only from the plan ConfigMap (UpgradeSteps knows what it holds);
            // building the spec's plan under another plan's hash would run a plan the status does not name.
            String what = decision.planHash().equals(previousHash) ? "the rollback redeploys" : "the upgrade deploys";
            deployed = PlanHistory.find(snapshot.children(), pipeline, decision.planHash())
                    .orElseThrow(() -> new IllegalStateException(what + " plan " + decision.planHash()
                            + ", which the ConfigMap " + PipelineNames.planConfigMap(pipeline)
                            + " does not hold; change the spec to redeploy"));
        }
        List<HasMetadata> children = new ArrayList<>(PipelineChildren.desired(pipeline, deployed, settings, replicas,
                job));
        if (decision.upgrade() != null) {
            PlanHistory.find(snapshot.children(), pipeline, previousHash)
                    .ifPresent(previous -> PlanHistory.keep(children, pipeline, previous));
        }
        return children;
    }

    private static Optional<Condition> references(Pipeline pipeline, Map<String, Source> sources,
            Map<String, Sink> sinks) {
        return PipelineReferences.problem(pipeline.getMetadata().getNamespace(), pipeline.getSpec().sources, sources,
                pipeline.getSpec().sinks, sinks);
    }

    private static List<Problem> problems(Pipeline pipeline, Map<String, Source> sources, Map<String, Sink> sinks) {
        return PipelineValidator.validate(pipeline, sources, sinks,
                ExactlyOnceRules.BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT);
    }

    /** Owned children of a kind and name the Pipeline no longer asks for; never a volume, which holds state. */
    private static List<HasMetadata> obsolete(List<HasMetadata> observed, List<HasMetadata> wanted) {
        Set<String> names = wanted.stream().map(PipelineDecider::key).collect(Collectors.toSet());
        return observed.stream().filter(c -> !(c instanceof PersistentVolumeClaim))
                .filter(c -> !names.contains(key(c))).toList();
    }

    private static String key(HasMetadata child) {
        return child.getKind() + "/" + child.getMetadata().getName();
    }

    static String upgradeMessage(UpgradeDecision decision) {
        UpgradeStatus upgrade = decision.upgrade();
        if (upgrade.step == UpgradeStatus.Step.Verifying) {
            return "Job " + decision.deploy().map(JobDeployment::jobId).orElse("") + " runs plan " + upgrade.toPlanHash
                    + "; waiting for its first checkpoint before " + upgrade.verifyDeadline + ", else plan "
                    + upgrade.previousPlanHash + " is redeployed from " + UpgradeSteps.describe(upgrade.restore) + ".";
        }
        if (upgrade.step == UpgradeStatus.Step.RollingBack) {
            return "Rolling back to plan " + upgrade.previousPlanHash + " from " + UpgradeSteps.describe(upgrade.restore)
                    + ": " + upgrade.failure + ".";
        }
        if (upgrade.step == UpgradeStatus.Step.Stopping) {
            return "Stopping job " + upgrade.jobId + " with a savepoint for the " + upgrade.reason + ".";
        }
        return "Redeploying the JobManager (" + upgrade.reason + ") from "
                + UpgradeSteps.describe(upgrade.restore) + ".";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static PipelineStatus pending(Pipeline pipeline) {
        PipelineStatus status = new PipelineStatus();
        status.phase = PipelinePhase.Pending;
        status.selector = PipelineChildren.taskManagerSelector(pipeline);
        carryOver(pipeline, status);
        carryOverDeployment(pipeline, status);
        return status;
    }

    /** What this reconcile does not observe (or decide) stays as it was. */
    private static void carryOver(Pipeline pipeline, PipelineStatus status) {
        PipelineStatus previous = pipeline.getStatus();
        if (previous != null) {
            status.job = previous.job;
            status.lag = previous.lag;
            status.lastCheckpoint = previous.lastCheckpoint;
            status.autoscaler = previous.autoscaler;
            if (status.lastSavepoint == null) {
                status.lastSavepoint = previous.lastSavepoint;
            }
        }
    }

    /** Nothing was decided about the job (the spec or its references are invalid): what was recorded stays. */
    private static void carryOverDeployment(Pipeline pipeline, PipelineStatus status) {
        PipelineStatus previous = pipeline.getStatus();
        if (previous != null) {
            status.planHash = previous.planHash;
            status.restoredFrom = previous.restoredFrom;
            status.deployedJobId = previous.deployedJobId;
            status.upgrade = previous.upgrade;
        }
    }
}
