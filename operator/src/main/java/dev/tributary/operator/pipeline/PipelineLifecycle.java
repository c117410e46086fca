package dev.tributary.operator.pipeline;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelinePhase;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.operator.common.Backoff;
import dev.tributary.operator.common.EventRecorder;
import dev.tributary.operator.flink.FlinkJobs;
import dev.tributary.operator.kafka.KafkaClusterConfig;
import dev.tributary.operator.kafka.KafkaConnections;
import dev.tributary.operator.pipeline.autoscale.PipelineAutoscaler;
import dev.tributary.operator.pipeline.build.PipelineDeploymentSettings;
import dev.tributary.operator.pipeline.build.PipelineKafkaConnection;
import dev.tributary.operator.pipeline.observe.FlinkObserver;
import dev.tributary.operator.pipeline.observe.PipelineObserver;
import dev.tributary.operator.pipeline.observe.PlanJudgements;
import dev.tributary.operator.pipeline.observe.PipelineSnapshot;
import dev.tributary.operator.pipeline.upgrade.SavepointRetries;
import dev.tributary.operator.pipeline.upgrade.UpgradeSteps;
import dev.tributary.operator.status.ChangeEvents;
import dev.tributary.operator.status.Conditions;
import dev.tributary.operator.status.InternalErrors;
import dev.tributary.operator.status.PipelineReason;
import dev.tributary.operator.status.StatusWrites;
import dev.tributary.operator.topic.TopicReconciliation;
import dev.tributary.runtime.JobOperators;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Observe, decide, act for one Pipeline: a {@link PipelineSnapshot} read once (its Sources and Sinks, children, the
 * Flink job, the lag), a {@link PipelineDecision} made from it without I/O, and the {@link PipelineExecutor} that
 * applies it and writes the status only when it changed. Reconciles again every resync period.
 */
@ApplicationScoped
public class PipelineLifecycle {

    public static final String FIELD_MANAGER = PipelineExecutor.FIELD_MANAGER;

    private final PipelineObserver observer;
    private final PipelineDecider decider;
    private final PipelineExecutor executor;
    private final SavepointRetries savepointRetries = new SavepointRetries(UpgradeSteps.RETRY, UpgradeSteps.MAX_RETRY);
    private final StatusWrites statusWrites;
    private final PipelineAutoscaler autoscaler;

    public PipelineLifecycle(KubernetesClient client, KafkaConnections connections, KafkaClusterConfig kafka,
            EventRecorder events, FlinkJobs flink, PipelineSqlChecks sqlChecks, PipelineAutoscaler autoscaler, Clock clock,
            @ConfigProperty(name = "tributary.resync-period", defaultValue = "2m") Duration resync,
            @ConfigProperty(name = "tributary.flink.poll-period", defaultValue = "30s") Duration flinkPoll,
            @ConfigProperty(name = "tributary.pipeline.image",
                    defaultValue = PipelineDeploymentSettings.DEFAULT_IMAGE) String image,
            @ConfigProperty(name = "tributary.operator-namespace",
                    defaultValue = PipelineDeploymentSettings.DEFAULT_OPERATOR_NAMESPACE) String operatorNamespace,
            @ConfigProperty(name = "tributary.pipeline.metrics-namespaces") Optional<List<String>> metricsNamespaces) {
        PipelineDeploymentSettings settings = new PipelineDeploymentSettings(image, null, operatorNamespace,
                metricsNamespaces.orElse(List.of()));
        this.decider = new PipelineDecider(new UpgradeSteps(), settings,
                namespace -> PipelineKafkaConnection.plan(namespace, kafka.bootstrapServers(),
                        kafka.securityProtocol(), kafka.saslMechanism(), kafka.credentialsSecret(),
                        kafka.caCertificate()), resync, flinkPoll, PlanJudgements.onItsOwnThread(JobOperators::of));
        this.observer = new PipelineObserver(decider, sqlChecks, new FlinkObserver(flink), connections, clock);
        this.statusWrites = new StatusWrites(new ChangeEvents(events, ChangeEvents.Compare.STATUS_REASON_MESSAGE,
                PipelineReason.PASSING_STEPS), clock, StatusWrites.Write.APPLY_AND_CACHE);
        TopicReconciliation topics = new TopicReconciliation(events,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60)));
        this.autoscaler = autoscaler;
        this.executor = new PipelineExecutor(client, connections, flink, events, topics, decider, savepointRetries,
                statusWrites);
    }

    public UpdateControl<Pipeline> reconcile(Pipeline pipeline, Context<Pipeline> context) {
        if (context.isPrimaryResourceDeleted() || pipeline.isMarkedForDeletion()) {
            decider.forget(pipeline.getMetadata().getUid());
            executor.forget(pipeline.getMetadata().getUid());
            autoscaler.forget(pipeline);
            // The garbage collector deletes the children through owner references; a retained checkpoint volume
            // has none and stays.
            return UpdateControl.noUpdate();
        }
        PipelineSnapshot snapshot = observer.observe(pipeline, context, PipelineReconciler.CHILD_KINDS);
        PipelineDecision decision = decider.decide(snapshot, savepointRetries.schedule(snapshot.uid()));
        return executor.execute(snapshot, autoscaled(snapshot, decision), context);
    }

    /**
     * A running job with no upgrade in flight: the lag metrics, and with autoscaling on the autoscaler's choice in
     * the status (it reads Kafka and Flink itself); the TaskManagers follow it on the next reconcile.
     */
    private PipelineDecision autoscaled(PipelineSnapshot snapshot, PipelineDecision decision) {
        if (!decision.running()) {
            autoscaler.notRunning(snapshot.pipeline(), snapshot.sources(), decision.status());
            return decision;
        }
        if (decision.upgrade().upgrade() != null || !PipelinePhases.available(snapshot.jobManager())) {
            return decision;
        }
        return autoscaler.observe(snapshot.pipeline(), snapshot.desired().plan(), decision.status(),
                snapshot.desired().taskManagers(), snapshot.lag())
                .map(next -> decision.with(decision.ready(), decision.deployed(), next)).orElse(decision);
    }

    /**
     * An unexpected failure: Ready=False with reason InternalError and what failed, instead of a status that goes on
     * saying what the last successful reconcile saw. The rest of the status stays; the SDK retries.
     */
    public ErrorStatusUpdateControl<Pipeline> updateErrorStatus(Pipeline pipeline, Context<Pipeline> context,
            Exception e) {
        PipelineStatus status = InternalErrors.keep(pipeline.getStatus(), new PipelineStatus());
        if (status.phase == null) {
            status.phase = PipelinePhase.Pending;
        }
        UpdateControl<Pipeline> written = statusWrites.write(pipeline, context, status,
                List.of(Conditions.notReady(PipelineReason.InternalError, InternalErrors.message(e))), Duration.ZERO);
        return InternalErrors.control(written);
    }
}
