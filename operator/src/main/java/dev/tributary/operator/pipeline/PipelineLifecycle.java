package dev.tributary.operator.pipeline;

import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.api.plan.SourcePlan;
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
import dev.tributary.operator.common.Backoff;
import dev.tributary.operator.common.EventRecorder;
import dev.tributary.operator.common.Statuses;
import dev.tributary.operator.flink.FlinkJob;
import dev.tributary.operator.flink.FlinkJobs;
import dev.tributary.operator.flink.FlinkUnreachableException;
import dev.tributary.operator.kafka.ConsumerLag;
import dev.tributary.operator.kafka.KafkaClusterConfig;
import dev.tributary.operator.kafka.KafkaConnections;
import dev.tributary.operator.kafka.KafkaCredentialsException;
import dev.tributary.operator.kafka.KafkaUnavailableException;
import dev.tributary.operator.kafka.TopicRejectedException;
import dev.tributary.operator.pipeline.autoscale.PipelineAutoscaler;
import dev.tributary.operator.status.Conditions;
import dev.tributary.operator.topic.TopicOutcome;
import dev.tributary.operator.topic.TopicReconciliation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Observe, validate, reconcile for one Pipeline: its Sources and Sinks from the informer caches, the validator,
 * the plan, the dead-letter topic, then each child applied (server-side apply) only when its desired hash differs
 * from the observed one, and a status written only when it changed. Reconciles again every resync period.
 */
@ApplicationScoped
public class PipelineLifecycle {

    private static final Logger LOG = Logger.getLogger(PipelineLifecycle.class);

    public static final String FIELD_MANAGER = "tributary-operator";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String INVALID_SQL = "InvalidSql";
    public static final String INTERNAL_ERROR = "InternalError";
    /** How soon a reconcile asks again while Flink plans the SQL. */
    static final Duration SQL_CHECK_POLL = Duration.ofSeconds(1);
    public static final String APPLY_FAILED = "ApplyFailed";
    public static final String NOT_DEPLOYED = "NotDeployed";
    public static final String UPGRADING = "Upgrading";
    public static final String UPGRADE_BLOCKED = "UpgradeBlocked";

    private final KubernetesClient client;
    private final KafkaConnections connections;
    private final KafkaClusterConfig kafka;
    private final EventRecorder events;
    private final TopicReconciliation topics;
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    private final PipelineDeploymentSettings settings;
    private final Duration resync;
    private final Duration flinkPoll;
    private final FlinkJobs flink;
    private final UpgradeSteps upgrades;
    private final LagReadings lagReadings = new LagReadings();
    private final PipelineSqlChecks sqlChecks;
    private final PipelineAutoscaler autoscaler;
    /** The last condition recorded as an event, by Pipeline uid and condition type. */
    private final Map<String, String> recorded = new java.util.concurrent.ConcurrentHashMap<>();

    public PipelineLifecycle(KubernetesClient client, KafkaConnections connections, KafkaClusterConfig kafka,
            EventRecorder events, FlinkJobs flink, PipelineSqlChecks sqlChecks, PipelineAutoscaler autoscaler,
            @ConfigProperty(name = "tributary.resync-period", defaultValue = "2m") Duration resync,
            @ConfigProperty(name = "tributary.flink.poll-period", defaultValue = "30s") Duration flinkPoll,
            @ConfigProperty(name = "tributary.pipeline.image",
                    defaultValue = PipelineDeploymentSettings.DEFAULT_IMAGE) String image,
            @ConfigProperty(name = "tributary.operator-namespace",
                    defaultValue = PipelineDeploymentSettings.DEFAULT_OPERATOR_NAMESPACE) String operatorNamespace,
            @ConfigProperty(name = "tributary.pipeline.metrics-namespaces") Optional<List<String>> metricsNamespaces) {
        this.client = client;
        this.connections = connections;
        this.kafka = kafka;
        this.events = events;
        this.topics = new TopicReconciliation(events, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60)));
        this.settings = new PipelineDeploymentSettings(image, null, operatorNamespace,
                metricsNamespaces.orElse(List.of()));
        this.resync = resync;
        this.flinkPoll = flinkPoll;
        this.flink = flink;
        this.upgrades = new UpgradeSteps(flink, Clock.systemUTC());
        this.sqlChecks = sqlChecks;
        this.autoscaler = autoscaler;
    }

    public UpdateControl<Pipeline> reconcile(Pipeline pipeline, Context<Pipeline> context) {
        if (context.isPrimaryResourceDeleted() || pipeline.isMarkedForDeletion()) {
            recorded.keySet().removeIf(k -> k.startsWith(pipeline.getMetadata().getUid() + "/"));
            lagReadings.forget(pipeline.getMetadata().getUid());
            autoscaler.forget(pipeline);
            // The garbage collector deletes the children through owner references; a retained checkpoint volume
            // has none and stays.
            return UpdateControl.noUpdate();
        }
        String namespace = pipeline.getMetadata().getNamespace();
        Map<String, Source> sources = lookup(context, Source.class, namespace, pipeline.getSpec().sources);
        Map<String, Sink> sinks = lookup(context, Sink.class, namespace, pipeline.getSpec().sinks);
        Deployment jobManager = observed(context, Deployment.class, namespace, PipelineNames.jobManager(pipeline));
        Condition deployedSoFar = PipelinePhases.available(jobManager) ? PipelinePhases.of(jobManager, 0, false).deployed()
                : new Condition(PipelinePhases.DEPLOYED, Condition.FALSE, NOT_DEPLOYED,
                        "Nothing runs until the Pipeline's Sources, Sinks and spec are valid.");
        Optional<Condition> missing = PipelineReferences.problem(namespace, pipeline.getSpec().sources, sources,
                pipeline.getSpec().sinks, sinks);
        if (missing.isPresent()) {
            return writeStatus(context, pipeline, pending(pipeline), missing.get(), deployedSoFar, resync);
        }
        List<Problem> problems = PipelineValidator.validate(pipeline, sources, sinks,
                ExactlyOnceRules.BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT);
        if (!problems.isEmpty()) {
            Problem first = problems.get(0);
            return writeStatus(context, pipeline, pending(pipeline), Conditions.notReady(INVALID_SPEC,
                    first.field() + ": " + first.message()), deployedSoFar, resync);
        }
        PipelineSqlChecks.Outcome sql = sqlChecks.outcome(pipeline, sources, sinks);
        if (sql instanceof PipelineSqlChecks.Planning) {
            // the status stays as it was (observedGeneration behind) until the planner has spoken
            return UpdateControl.<Pipeline>noUpdate().rescheduleAfter(SQL_CHECK_POLL);
        }
        if (sql instanceof PipelineSqlChecks.Failed failed) {
            return writeStatus(context, pipeline, pending(pipeline), Conditions.notReady(INTERNAL_ERROR,
                    failed.message()), deployedSoFar, PipelineSqlChecks.RETRY_FAILED);
        }
        List<Problem> sqlProblems = ((PipelineSqlChecks.Checked) sql).problems();
        if (!sqlProblems.isEmpty()) {
            Problem first = sqlProblems.get(0);
            return writeStatus(context, pipeline, pending(pipeline), Conditions.notReady(INVALID_SQL,
                    first.field() + ": " + first.message()), deployedSoFar, resync);
        }
        PipelineDesiredState desired = PipelineDesiredState.of(pipeline, sources, sinks, kafkaPlan(namespace), settings);
        PipelinePlan plan = desired.plan();
        String planHash = PlanCodec.hash(plan);
        TopicOutcome deadLetter = topics.reconcile(pipeline, desired.deadLetterTopic(), null,
                () -> connections.topicAdmin(namespace, null));
        int replicas = desired.taskManagers();
        UpgradeDecision decision = upgrades.next(pipeline, planHash,
                jobManager == null ? null : jobManager.getSpec().getReplicas(), PipelinePhases.available(jobManager),
                JobManagerBuilder.jobIdOf(jobManager));
        decision.note().ifPresent(note -> {
            if (note.warning()) {
                events.warning(pipeline, note.reason(), note.message());
            } else {
                events.normal(pipeline, note.reason(), note.message());
            }
        });
        List<HasMetadata> children = decision.deploy()
                .map(job -> PipelineChildren.desired(pipeline, plan, settings, replicas, job))
                .orElseGet(() -> desired.children().stream().filter(child -> !PipelineChildren.runsTheJob(child))
                        .toList());
        if (CheckpointVolumeBuilder.volumeOf(pipeline).isPresent()) {
            RetainedVolume.reused(pipeline, plan, observed(context, PersistentVolumeClaim.class, namespace,
                    PipelineNames.checkpointVolume(pipeline))).ifPresent(m -> events.normal(pipeline,
                            RetainedVolume.REUSED, m));
        }
        List<String> failures = apply(pipeline, context, children);

        jobManager = observed(context, Deployment.class, namespace, PipelineNames.jobManager(pipeline));
        Deployment taskManagers = observed(context, Deployment.class, namespace, PipelineNames.taskManager(pipeline));
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
        status.lastSavepoint = decision.savepoint();
        status.parallelism = TaskManagerReplicas.parallelism(pipeline, plan, running ? replicas : 0);
        status.replicas = readyTaskManagers;
        status.selector = PipelineChildren.taskManagerSelector(pipeline);
        carryOver(pipeline, status);

        PipelinePhases.Judgement judgement = judge(pipeline, plan, decision, jobManager, running, readyTaskManagers,
                status);
        if (status.job != null && "RUNNING".equals(status.job.state)) {
            observeLag(pipeline, plan, status);
        }
        Condition ready = judgement.ready();
        Condition deployed = judgement.deployed();
        status.phase = judgement.phase();
        Duration next = decision.recheck().orElse(status.job != null && running ? min(resync, flinkPoll) : resync);
        if (running && decision.upgrade() == null && PipelinePhases.available(jobManager)) {
            next = autoscaler.observe(pipeline, plan, status, replicas).orElse(next);
        }
        String key = pipeline.getMetadata().getUid();
        if (!failures.isEmpty()) {
            ready = Conditions.notReady(APPLY_FAILED, failures.get(0));
            deployed = new Condition(PipelinePhases.DEPLOYED, Condition.FALSE, APPLY_FAILED, failures.get(0));
            next = backoff.next(key);
        } else {
            backoff.reset(key);
            if (!deadLetter.ready().isTrue() && ready.isTrue()) {
                ready = Conditions.notReady(deadLetter.ready().reason, "Dead-letter topic: " + deadLetter.ready().message);
                next = deadLetter.retryAfter().orElse(resync);
            }
        }
        return writeStatus(context, pipeline, status, ready, deployed, next);
    }

    /**
     * The phase and conditions: an upgrade in flight, a suspension, a JobManager not yet Available, or else the job
     * as Flink reports it (which also fills {@code status.job} and {@code status.lastCheckpoint}).
     */
    private PipelinePhases.Judgement judge(Pipeline pipeline, PipelinePlan plan, UpgradeDecision decision,
            Deployment jobManager,
            boolean running, int readyTaskManagers, PipelineStatus status) {
        if (decision.upgrade() != null) {
            Condition deployed = PipelinePhases.available(jobManager)
                    ? new Condition(PipelinePhases.DEPLOYED, Condition.TRUE, PipelinePhases.JOB_MANAGER_AVAILABLE,
                            "The JobManager Deployment is Available.")
                    : new Condition(PipelinePhases.DEPLOYED, Condition.FALSE, PipelinePhases.JOB_MANAGER_UNAVAILABLE,
                            "The JobManager Deployment is not Available yet.");
            String message = decision.problem() != null ? decision.problem() : upgradeMessage(decision);
            status.conditions = List.of(CheckpointHealth.notRunning());
            return new PipelinePhases.Judgement(PipelinePhase.Upgrading, Conditions.notReady(UPGRADING, message),
                    deployed);
        }
        if (!running || !PipelinePhases.available(jobManager)) {
            PipelinePhases.Judgement judgement = PipelinePhases.of(jobManager, readyTaskManagers, !running);
            if (!running) {
                status.conditions = List.of(CheckpointHealth.notRunning());
                return new PipelinePhases.Judgement(PipelinePhase.Suspended, Conditions.ready(PipelinePhases.SUSPENDED,
                        "The Pipeline is suspended: no JobManager or TaskManager runs. It resumes from "
                                + UpgradeSteps.describe(decision.restoredFrom()) + "."),
                        new Condition(PipelinePhases.DEPLOYED, Condition.TRUE, PipelinePhases.SUSPENDED,
                                "Scaled to zero while suspended."));
            }
            return judgement;
        }
        PipelinePhases.Judgement judgement = JobPoll.judge(flink, pipeline, plan, readyTaskManagers, status,
                Instant.now(), resync);
        if (decision.problem() != null) {
            return new PipelinePhases.Judgement(judgement.phase(), Conditions.notReady(UPGRADE_BLOCKED,
                    decision.problem()), judgement.deployed());
        }
        return judgement;
    }

    /** Records behind on the Pipeline's sources, read from its consumer group; unchanged when Kafka cannot say. */
    private void observeLag(Pipeline pipeline, PipelinePlan plan, PipelineStatus status) {
        String namespace = pipeline.getMetadata().getNamespace();
        List<String> topics = plan.sources().stream().map(SourcePlan::topic).distinct().toList();
        try {
            ConsumerLag lag = connections.topicAdmin(namespace, null)
                    .consumerLag(PipelinePlan.consumerGroup(namespace, plan.name()), topics);
            status.lag = lagReadings.status(pipeline.getMetadata().getUid(), lag, Instant.now()).orElse(null);
        } catch (KafkaUnavailableException | TopicRejectedException | KafkaCredentialsException e) {
            LOG.debugf("The lag of Pipeline %s/%s is not known now: %s", namespace, plan.name(), e.getMessage());
        }
    }

    private static String upgradeMessage(UpgradeDecision decision) {
        UpgradeStatus upgrade = decision.upgrade();
        if (upgrade.step == UpgradeStatus.Step.Stopping) {
            return "Stopping job " + upgrade.jobId + " with a savepoint for the " + upgrade.reason + ".";
        }
        return "Redeploying the JobManager (" + upgrade.reason + ") from "
                + UpgradeSteps.describe(upgrade.restore) + ".";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Applies each child whose desired hash differs from the observed one; returns what failed, as sentences. */
    private List<String> apply(Pipeline pipeline, Context<Pipeline> context, List<HasMetadata> children) {
        List<String> failures = new ArrayList<>();
        for (HasMetadata desired : children) {
            String hash = DesiredHash.stamp(desired);
            HasMetadata observed = observed(context, desired.getClass(), desired.getMetadata().getNamespace(),
                    desired.getMetadata().getName());
            if (DesiredHash.upToDate(desired, observed, hash)) {
                continue;
            }
            String what = desired.getKind() + " " + desired.getMetadata().getName();
            try {
                client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
                if (observed == null) {
                    events.normal(pipeline, "Created", "created " + what);
                } else {
                    events.normal(pipeline, "Updated", "updated " + what + " to the spec");
                }
            } catch (KubernetesClientException e) {
                String failure = "could not apply " + what + ": " + e.getMessage()
                        + ". Fix the spec, or the object if it was changed by hand; retrying with backoff.";
                events.warning(pipeline, APPLY_FAILED, failure);
                failures.add(failure);
            }
        }
        return failures;
    }

    private KafkaConnectionPlan kafkaPlan(String namespace) {
        return PipelineKafkaConnection.plan(namespace, kafka.bootstrapServers(), kafka.securityProtocol(),
                kafka.saslMechanism(), kafka.credentialsSecret(), kafka.caCertificate());
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

    private <T extends HasMetadata> Map<String, T> lookup(Context<Pipeline> context, Class<T> kind, String namespace,
            List<String> names) {
        Map<String, T> found = new TreeMap<>();
        for (String name : names == null ? List.<String>of() : names) {
            T resource = observed(context, kind, namespace, name);
            if (resource != null) {
                found.put(name, resource);
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> T observed(Context<Pipeline> context, Class<T> kind, String namespace,
            String name) {
        InformerEventSource<T, Pipeline> source = (InformerEventSource<T, Pipeline>) context.eventSourceRetriever()
                .getEventSourceFor(kind);
        return source.get(new ResourceID(name, namespace)).orElse(null);
    }

    private UpdateControl<Pipeline> writeStatus(Context<Pipeline> context, Pipeline pipeline, PipelineStatus status,
            Condition ready,
            Condition deployed, Duration next) {
        long generation = pipeline.getMetadata().getGeneration() == null ? 0 : pipeline.getMetadata().getGeneration();
        PipelineStatus previous = pipeline.getStatus();
        List<Condition> before = previous == null ? List.of() : previous.conditions;
        status.observedGeneration = generation;
        Instant now = Instant.now();
        List<Condition> observed = status.conditions == null ? List.of() : status.conditions;
        List<Condition> merged = Conditions.with(Conditions.with(before, ready, generation, now), deployed, generation, now);
        for (Condition extra : observed) {
            merged = Conditions.with(merged, extra, generation, now);
            recordChange(pipeline, previous, extra);
        }
        status.conditions = merged;
        recordChange(pipeline, previous, ready);
        recordChange(pipeline, previous, deployed);
        if (previous != null && Statuses.same(previous, status)) {
            return UpdateControl.<Pipeline>noUpdate().rescheduleAfter(next);
        }
        // The status is the upgrade's memory: the next reconcile must see this write even before the informer does.
        PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(pipeline, statusOnly(pipeline, status), context);
        return UpdateControl.<Pipeline>noUpdate().rescheduleAfter(next);
    }

    /**
     * One event per change of a condition. The status in the cache can lag behind the one just written (a child's
     * event reconciles again before the Pipeline's own update arrives), so the last condition recorded counts too.
     */
    private void recordChange(Pipeline pipeline, PipelineStatus previous, Condition next) {
        String said = next.status + "|" + next.reason + "|" + next.message;
        boolean same = previous != null && previous.condition(next.type)
                .map(c -> said.equals(c.status + "|" + c.reason + "|" + c.message)).orElse(false);
        String key = pipeline.getMetadata().getUid() + "/" + next.type;
        if (same || said.equals(recorded.put(key, said))) {
            return;
        }
        if (next.isTrue()) {
            events.normal(pipeline, next.reason, next.message);
        } else {
            events.warning(pipeline, next.reason, next.message);
        }
    }

    /** The status on a fresh Pipeline with only name and namespace, for a server-side apply of the status alone. */
    private static Pipeline statusOnly(Pipeline pipeline, PipelineStatus status) {
        Pipeline fresh = new Pipeline();
        fresh.setMetadata(new ObjectMetaBuilder().withName(pipeline.getMetadata().getName())
                .withNamespace(pipeline.getMetadata().getNamespace()).build());
        fresh.setStatus(status);
        return fresh;
    }
}
