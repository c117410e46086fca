package dev.tributary.operator.pipeline.observe;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SourcePlan;
import dev.tributary.api.v1alpha1.JobStatus;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.kafka.KafkaConnections;
import dev.tributary.operator.kafka.KafkaCredentialsException;
import dev.tributary.operator.pipeline.PipelinePhases;
import dev.tributary.operator.pipeline.PipelineSqlChecks;
import dev.tributary.operator.pipeline.build.CheckpointVolumeBuilder;
import dev.tributary.operator.pipeline.build.PipelineDesiredState;
import dev.tributary.operator.pipeline.build.PipelineNames;
import dev.tributary.operator.topic.admin.ConsumerLag;
import dev.tributary.operator.topic.admin.KafkaUnavailableException;
import dev.tributary.operator.topic.admin.TopicRejectedException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/** Builds a {@link PipelineSnapshot} from the informer caches, the SQL check, the JobManager and Kafka. Reads only. */
public final class PipelineObserver {

    private static final Logger LOG = Logger.getLogger(PipelineObserver.class);

    /** What the decision needs to know about the spec before anything else is asked. */
    public interface Rules {

        /** The Pipeline's references and spec are valid, so its SQL is worth checking. */
        boolean checkable(Pipeline pipeline, Map<String, Source> sources, Map<String, Sink> sinks);

        /** What a Pipeline whose SQL checked clean resolves to. */
        PipelineDesiredState desired(Pipeline pipeline, Map<String, Source> sources, Map<String, Sink> sinks);
    }

    private final Rules rules;
    private final PipelineSqlChecks sqlChecks;
    private final FlinkObserver flink;
    private final KafkaConnections connections;
    private final Clock clock;

    public PipelineObserver(Rules rules, PipelineSqlChecks sqlChecks, FlinkObserver flink,
            KafkaConnections connections, Clock clock) {
        this.rules = rules;
        this.sqlChecks = sqlChecks;
        this.flink = flink;
        this.connections = connections;
        this.clock = clock;
    }

    /** @param kinds the child kinds the Pipeline's informers cache */
    public PipelineSnapshot observe(Pipeline pipeline, Context<Pipeline> context,
            List<Class<? extends HasMetadata>> kinds) {
        String namespace = pipeline.getMetadata().getNamespace();
        Map<String, Source> sources = lookup(context, Source.class, namespace, pipeline.getSpec().sources);
        Map<String, Sink> sinks = lookup(context, Sink.class, namespace, pipeline.getSpec().sinks);
        Deployment jm = cached(context, Deployment.class, namespace, PipelineNames.jobManager(pipeline));
        Deployment tm = cached(context, Deployment.class, namespace, PipelineNames.taskManager(pipeline));
        PersistentVolumeClaim volume = CheckpointVolumeBuilder.volumeOf(pipeline).isEmpty() ? null
                : cached(context, PersistentVolumeClaim.class, namespace, PipelineNames.checkpointVolume(pipeline));
        List<HasMetadata> children = new ArrayList<>();
        for (Class<? extends HasMetadata> kind : kinds) {
            context.getSecondaryResources(kind).stream().filter(c -> ownedBy(c, pipeline)).forEach(children::add);
        }
        Optional<PipelineSqlChecks.Outcome> sql = Optional.empty();
        PipelineDesiredState desired = null;
        FlinkObservation job = FlinkObservation.notAsked();
        Optional<ConsumerLag> lag = Optional.empty();
        if (rules.checkable(pipeline, sources, sinks)) {
            sql = Optional.of(sqlChecks.outcome(pipeline, sources, sinks));
            if (sql.get() instanceof PipelineSqlChecks.Checked checked && checked.problems().isEmpty()) {
                desired = rules.desired(pipeline, sources, sinks);
                job = flink.observe(pipeline, PipelinePhases.available(jm));
                if (jobRuns(pipeline, job)) {
                    lag = lag(pipeline, desired.plan());
                }
            }
        }
        return new PipelineSnapshot(pipeline, sources, sinks, jm, tm, volume, children, sql, desired, job, lag,
                clock.instant());
    }

    /** The job runs as Flink says, or as the last status recorded when Flink said nothing about it. */
    private static boolean jobRuns(Pipeline pipeline, FlinkObservation flink) {
        JobStatus previous = pipeline.getStatus() == null ? null : pipeline.getStatus().job;
        return flink.job().map(j -> "RUNNING".equals(j.state()))
                .orElse(previous != null && "RUNNING".equals(previous.state));
    }

    /** Records behind on the Pipeline's sources, read from its consumer group; empty when Kafka cannot say. */
    private Optional<ConsumerLag> lag(Pipeline pipeline, PipelinePlan plan) {
        String namespace = pipeline.getMetadata().getNamespace();
        List<String> topics = plan.sources().stream().map(SourcePlan::topic).distinct().toList();
        try {
            return Optional.of(connections.topicAdmin(namespace, null)
                    .consumerLag(PipelinePlan.consumerGroup(namespace, plan.name()), topics));
        } catch (KafkaUnavailableException | TopicRejectedException | KafkaCredentialsException e) {
            LOG.debugf("The lag of Pipeline %s/%s is not known now: %s", namespace, plan.name(), e.getMessage());
            return Optional.empty();
        }
    }

    private static boolean ownedBy(HasMetadata child, Pipeline pipeline) {
        return child.getMetadata().getOwnerReferences() != null && child.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> pipeline.getMetadata().getUid().equals(o.getUid()));
    }

    private static <T extends HasMetadata> Map<String, T> lookup(Context<Pipeline> context, Class<T> kind,
            String namespace, List<String> names) {
        Map<String, T> found = new TreeMap<>();
        for (String name : names == null ? List.<String>of() : names) {
            T resource = cached(context, kind, namespace, name);
            if (resource != null) {
                found.put(name, resource);
            }
        }
        return found;
    }

    /** The object as the Pipeline's informer caches it; null when it has none. */
    @SuppressWarnings("unchecked")
    public static <T extends HasMetadata> T cached(Context<Pipeline> context, Class<T> kind, String namespace,
            String name) {
        if (name == null) {
            return null;
        }
        InformerEventSource<T, Pipeline> source = (InformerEventSource<T, Pipeline>) context.eventSourceRetriever()
                .getEventSourceFor(kind);
        return source.get(new ResourceID(name, namespace)).orElse(null);
    }
}
