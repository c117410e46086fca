package dev.tributary.operator.pipeline.autoscale;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SourcePlan;
import dev.tributary.api.v1alpha1.AutoscalerStatus;
import dev.tributary.api.v1alpha1.AutoscalingSpec;
import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.api.v1alpha1.ResourceStatus;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.autoscaler.LagAutoscaler;
import dev.tributary.autoscaler.LoadSample;
import dev.tributary.autoscaler.ScalingAction;
import dev.tributary.autoscaler.ScalingBounds;
import dev.tributary.autoscaler.ScalingDecision;
import dev.tributary.autoscaler.ScalingMemory;
import dev.tributary.operator.common.EventRecorder;
import dev.tributary.operator.flink.FlinkUnreachableException;
import dev.tributary.operator.flink.JobLoad;
import dev.tributary.operator.flink.JobLoads;
import dev.tributary.operator.kafka.KafkaConnections;
import dev.tributary.operator.kafka.KafkaCredentialsException;
import dev.tributary.operator.pipeline.scaling.AutoscalerTuning;
import dev.tributary.operator.pipeline.scaling.PipelineScalingBounds;
import dev.tributary.operator.topic.admin.ConsumerLag;
import dev.tributary.operator.topic.admin.KafkaUnavailableException;
import dev.tributary.operator.topic.admin.TopicAdmin;
import dev.tributary.operator.topic.admin.TopicRejectedException;
import dev.tributary.operator.topic.plan.ObservedTopic;
import dev.tributary.operator.topic.plan.TopicReason;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the lag autoscaler for a running Pipeline: reads the consumer group's lag and the source partitions from Kafka
 * and the busiest vertex from Flink's REST API, asks the policy ({@link LagAutoscaler}), and writes the answer into
 * {@code status.autoscaler} with a {@code Scaling} condition. It changes nothing itself: the count reaches the
 * TaskManager Deployment on the next reconcile, after the status recorded it ({@code TaskManagerReplicas}), and never
 * the Pipeline's spec. When an input is missing it keeps the count it has and says why; it never chooses 0.
 */
@ApplicationScoped
public class PipelineAutoscaler {

    /** How soon the reconciler comes back to apply a new count. */
    static final Duration APPLY_SOON = Duration.ofSeconds(1);
    public static final String SCALED_UP = "ScaledUp";
    public static final String SCALED_DOWN = "ScaledDown";

    /** The Kafka admin of a namespace's cluster. */
    interface Admins {
        TopicAdmin of(String namespace);
    }

    /** What the autoscaler keeps per Pipeline between polls. */
    private static final class Memory {
        final LoadRates rates;
        ScalingMemory scaling;

        Memory(LoadRates rates, ScalingMemory scaling) {
            this.rates = rates;
            this.scaling = scaling;
        }
    }

    private final Admins admins;
    private final JobLoads loads;
    private final EventRecorder events;
    private final AutoscalerMetrics metrics;
    private final AutoscalerTuning tuning;
    private final Clock clock;
    private final Duration retry;
    private final Map<String, Memory> memories = new ConcurrentHashMap<>();

    @Inject
    public PipelineAutoscaler(KafkaConnections connections, JobLoads loads, EventRecorder events,
            PrometheusMeterRegistry registry, Clock clock,
            @ConfigProperty(name = "tributary.autoscaler.restart-cost", defaultValue = "45s") Duration restartCost,
            @ConfigProperty(name = "tributary.autoscaler.warm-up", defaultValue = "60s") Duration warmUp,
            @ConfigProperty(name = "tributary.autoscaler.catch-up", defaultValue = "10m") Duration catchUp,
            @ConfigProperty(name = "tributary.autoscaler.reversal-window", defaultValue = "1h") Duration reversal,
            @ConfigProperty(name = "tributary.autoscaler.rate-window", defaultValue = "30s") Duration rateWindow,
            @ConfigProperty(name = "tributary.flink.poll-period", defaultValue = "30s") Duration flinkPoll) {
        this(namespace -> connections.topicAdmin(namespace, null), loads, events, registry,
                new AutoscalerTuning(restartCost, warmUp, catchUp, reversal, rateWindow), clock, flinkPoll);
    }

    /** @param retry how soon to look again (the Flink poll period) */
    PipelineAutoscaler(Admins admins, JobLoads loads, EventRecorder events, PrometheusMeterRegistry registry,
            AutoscalerTuning tuning, Clock clock, Duration retry) {
        this.admins = admins;
        this.loads = loads;
        this.events = events;
        this.metrics = new AutoscalerMetrics(registry);
        this.tuning = tuning;
        this.clock = clock;
        this.retry = retry;
    }

    /**
     * For a Pipeline whose job should be running: the lag metrics, and with autoscaling on, {@code status.autoscaler}
     * and the {@code Scaling} condition in {@code status}. {@code taskManagers} is the count the TaskManager
     * Deployment was given this reconcile; {@code observedLag} the consumer group's lag the observer read for this
     * reconcile (empty when Kafka did not answer): the autoscaler reads no lag of its own.
     *
     * @return how soon to reconcile again: soon when the count changed, else at the Flink poll period (the policy
     *     needs a sample every period, even while the job's own poll failed); empty with autoscaling off
     */
    public Optional<Duration> observe(Pipeline pipeline, PipelinePlan plan, PipelineStatus status, int taskManagers,
            Optional<ConsumerLag> observedLag) {
        String namespace = pipeline.getMetadata().getNamespace();
        String name = pipeline.getMetadata().getName();
        metrics.lag(namespace, name, status.lag == null ? null : status.lag.records,
                status.lag == null ? null : status.lag.seconds);
        AutoscalingSpec spec = pipeline.getSpec().autoscaling;
        if (spec == null || !spec.isEnabled()) {
            memories.remove(pipeline.getMetadata().getUid());
            status.autoscaler = null;
            metrics.desired(namespace, name, null);
            if (pipeline.getStatus() != null && pipeline.getStatus().condition(ScalingConditions.TYPE).isPresent()) {
                putCondition(status, ScalingConditions.disabled());
            }
            return Optional.empty();
        }
        Memory memory = memories.computeIfAbsent(pipeline.getMetadata().getUid(),
                uid -> new Memory(new LoadRates(rateWindow(plan)), remembered(pipeline)));
        Instant now = clock.instant();
        ScalingDecision decision;
        try {
            decision = decide(pipeline, plan, memory, taskManagers, now, status, observedLag);
        } catch (MissingInput missing) {
            hold(pipeline, status, taskManagers, missing.condition, missing.getMessage());
            return Optional.of(retry);
        }
        memory.scaling = decision.memory();
        AutoscalerStatus autoscaler = new AutoscalerStatus();
        autoscaler.desiredReplicas = decision.desiredTaskManagers();
        autoscaler.reason = decision.reason();
        remember(decision.memory(), autoscaler);
        status.autoscaler = autoscaler;
        metrics.desired(namespace, name, decision.desiredTaskManagers());
        if (decision.action() == ScalingAction.HOLD) {
            return Optional.of(retry);
        }
        metrics.decided(namespace, name, decision.action());
        events.normal(pipeline, decision.action() == ScalingAction.SCALE_UP ? SCALED_UP : SCALED_DOWN,
                "from " + taskManagers + " to " + decision.desiredTaskManagers() + " TaskManagers: "
                        + decision.reason());
        return Optional.of(APPLY_SOON);
    }

    /**
     * For a Pipeline whose job does not run: with autoscaling on and a Source waiting for its topic (an external topic
     * not created yet), the {@code Scaling} condition says so, since the Pipeline's own Ready says only
     * {@code SourceNotReady}. Once the topics are there it says the autoscaler waits for the job.
     */
    public void notRunning(Pipeline pipeline, Map<String, Source> sources, PipelineStatus status) {
        AutoscalingSpec spec = pipeline.getSpec().autoscaling;
        if (status == null || spec == null || !spec.isEnabled()) { // null: this step writes no status
            return;
        }
        for (String name : pipeline.getSpec().sources == null ? List.<String>of() : pipeline.getSpec().sources) {
            Optional<Condition> ready = Optional.ofNullable(sources.get(name)).map(Source::getStatus)
                    .flatMap(s -> s.condition(ResourceStatus.READY));
            if (ready.isPresent() && TopicReason.TopicNotFound.name().equals(ready.get().reason)) {
                putCondition(status, ScalingConditions.problem(ScalingConditions.SOURCE_TOPIC_MISSING, "Source "
                        + name + " waits for its topic (" + ready.get().message + "), so the Pipeline is not"
                        + " deployed and there is no lag to scale on; the autoscaler chooses between parallelism.min"
                        + " and parallelism.max once the topic exists and the job runs."));
                return;
            }
        }
        boolean wasMissing = pipeline.getStatus() != null && pipeline.getStatus().condition(ScalingConditions.TYPE)
                .filter(c -> ScalingConditions.SOURCE_TOPIC_MISSING.equals(c.reason)).isPresent();
        if (wasMissing) {
            putCondition(status, ScalingConditions.problem(ScalingConditions.JOB_NOT_RUNNING, "The source topics"
                    + " exist; the autoscaler decides once the job runs."));
        }
    }

    /** The Pipeline is gone: its readings and metric series go too. */
    public void forget(Pipeline pipeline) {
        memories.remove(pipeline.getMetadata().getUid());
        metrics.forget(pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName());
    }

    private ScalingDecision decide(Pipeline pipeline, PipelinePlan plan, Memory memory, int taskManagers, Instant now,
            PipelineStatus status, Optional<ConsumerLag> observedLag) {
        String namespace = pipeline.getMetadata().getNamespace();
        List<String> topics = plan.sources().stream().map(SourcePlan::topic).distinct().sorted().toList();
        int partitions = 0;
        String widest = null;
        try {
            TopicAdmin admin = admins.of(namespace);
            for (String topic : topics) {
                Optional<ObservedTopic> observed = admin.describe(topic);
                if (observed.isEmpty()) {
                    throw new MissingInput(ScalingConditions.problem(ScalingConditions.SOURCE_TOPIC_MISSING,
                            "Source topic " + topic + " does not exist yet: there is no lag to scale on. Create it"
                                    + " (a Source with topic.external: true does not), or fix the Source's"
                                    + " topic.name; keeping " + taskManagers + " TaskManager(s) until then."));
                }
                if (observed.get().partitions() > partitions) {
                    partitions = observed.get().partitions();
                    widest = topic;
                }
            }
        } catch (KafkaUnavailableException | TopicRejectedException | KafkaCredentialsException e) {
            throw new MissingInput(ScalingConditions.problem(ScalingConditions.KAFKA_UNAVAILABLE,
                    "Kafka cannot say how far the Pipeline is behind (" + e.getMessage() + "); keeping "
                            + taskManagers + " TaskManager(s) until it can."));
        }
        ScalingBounds bounds = PipelineScalingBounds.of(pipeline, partitions);
        // a spec the user must fix comes before a JobManager that may answer on the next poll
        Condition fitsThePartitions = bounds.minAbovePartitions()
                ? ScalingConditions.problem(ScalingConditions.MIN_ABOVE_PARTITIONS, "parallelism.min "
                        + bounds.minParallelism() + " asks for more readers than the " + partitions
                        + " partitions of " + widest + ": the autoscaler keeps to at most " + bounds.maxTaskManagers()
                        + " TaskManager(s), since readers beyond the partitions would idle. Lower parallelism.min or"
                        + " add partitions to the Source.")
                : ScalingConditions.active(bounds.minTaskManagers(), bounds.maxTaskManagers());
        JobLoad load;
        String jobId = status.job != null && status.job.id != null ? status.job.id : status.deployedJobId;
        try {
            if (jobId == null) {
                throw new FlinkUnreachableException("the JobManager has reported no job yet");
            }
            load = loads.load(pipeline, jobId);
        } catch (FlinkUnreachableException e) {
            String unreachable = "Flink's REST API gives no load figures for the job (" + e.getMessage()
                    + "); keeping " + taskManagers + " TaskManager(s) until it answers.";
            throw new MissingInput(bounds.minAbovePartitions() ? fitsThePartitions
                    : ScalingConditions.problem(ScalingConditions.FLINK_UNREACHABLE, unreachable), unreachable);
        }
        // after the spec and Flink: the observer reads the lag only while the job is observed running
        ConsumerLag lag = observedLag.orElseThrow(() -> new MissingInput(bounds.minAbovePartitions()
                ? fitsThePartitions : ScalingConditions.problem(ScalingConditions.KAFKA_UNAVAILABLE, "Kafka cannot say"
                        + " how far the Pipeline is behind (its consumer group's offsets could not be read this"
                        + " poll); keeping " + taskManagers + " TaskManager(s) until it can.")));
        putCondition(status, fitsThePartitions);
        memory.rates.observe(lag, now);
        LagAutoscaler policy = new LagAutoscaler(tuning.settings(pipeline.getSpec().autoscaling));
        if (!memory.rates.known() && bounds.clamp(taskManagers) == taskManagers) {
            return new ScalingDecision(taskManagers, ScalingAction.HOLD, "measuring the input and processing rates"
                    + " over " + rateWindow(plan).toSeconds() + " s before deciding; keeping " + taskManagers
                    + " TaskManager(s)", Double.NaN, false, memory.scaling);
        }
        LoadSample sample = new LoadSample(now, taskManagers, lag.known() ? lag.records() : LoadSample.UNKNOWN_LAG,
                orZero(memory.rates.inputRate()), orZero(memory.rates.processedRate()), load.busyRatio(),
                Duration.ofMillis(plan.checkpoints().intervalMs()));
        return policy.decide(sample, bounds, memory.scaling);
    }

    private void hold(Pipeline pipeline, PipelineStatus status, int taskManagers, Condition problem, String reason) {
        putCondition(status, problem);
        AutoscalerStatus autoscaler = new AutoscalerStatus();
        AutoscalerStatus before = pipeline.getStatus() == null ? null : pipeline.getStatus().autoscaler;
        autoscaler.desiredReplicas = Math.max(1, taskManagers);
        autoscaler.reason = reason;
        if (before != null) {
            autoscaler.lastScaleTime = before.lastScaleTime;
            autoscaler.lastScaleDirection = before.lastScaleDirection;
            autoscaler.reversalGuardSince = before.reversalGuardSince;
        }
        status.autoscaler = autoscaler;
        metrics.desired(pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName(),
                autoscaler.desiredReplicas);
    }

    /**
     * What a restarted operator (or a new leader) needs of the policy's memory, in the status: when and which way the
     * count last changed, and the flap guard. The input window is not kept: the policy observes a whole
     * {@code scaleDownDelay} again before scaling down (README, Autoscaling).
     */
    private static void remember(ScalingMemory memory, AutoscalerStatus autoscaler) {
        autoscaler.lastScaleTime = rfc3339(memory.lastScaleTime());
        autoscaler.lastScaleDirection = switch (memory.lastAction()) {
            case SCALE_UP -> AutoscalerStatus.UP;
            case SCALE_DOWN -> AutoscalerStatus.DOWN;
            case HOLD -> null;
        };
        autoscaler.reversalGuardSince = rfc3339(memory.reversalGuardSince());
    }

    /** A restarted operator knows from the status when and which way it last rescaled, and whether it flapped. */
    private static ScalingMemory remembered(Pipeline pipeline) {
        AutoscalerStatus before = pipeline.getStatus() == null ? null : pipeline.getStatus().autoscaler;
        if (before == null) {
            return ScalingMemory.initial();
        }
        ScalingAction direction = AutoscalerStatus.UP.equals(before.lastScaleDirection) ? ScalingAction.SCALE_UP
                : AutoscalerStatus.DOWN.equals(before.lastScaleDirection) ? ScalingAction.SCALE_DOWN
                : ScalingAction.HOLD;
        return ScalingMemory.restored(instant(before.lastScaleTime), direction, instant(before.reversalGuardSince));
    }

    private static String rfc3339(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A time the operator wrote; one edited into something else is treated as absent rather than crash the poll. */
    private static Instant instant(String rfc3339) {
        if (rfc3339 == null) {
            return null;
        }
        try {
            return Instant.parse(rfc3339);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private Duration rateWindow(PipelinePlan plan) {
        Duration twoCheckpoints = Duration.ofMillis(2 * plan.checkpoints().intervalMs());
        return twoCheckpoints.compareTo(tuning.rateWindow()) > 0 ? twoCheckpoints : tuning.rateWindow();
    }

    private static double orZero(double rate) {
        return Double.isNaN(rate) ? 0 : Math.max(0, rate);
    }

    private static void putCondition(PipelineStatus status, Condition condition) {
        List<Condition> conditions = new ArrayList<>(status.conditions == null ? List.of() : status.conditions);
        conditions.removeIf(c -> c.type.equals(condition.type));
        conditions.add(condition);
        status.conditions = conditions;
    }

    /** An input the policy needs is not there: the count stays, the condition says why. */
    private static final class MissingInput extends RuntimeException {
        final transient Condition condition;

        MissingInput(Condition condition) {
            this(condition, condition.message);
        }

        MissingInput(Condition condition, String reason) {
            super(reason, null, false, false);
            this.condition = condition;
        }
    }
}
