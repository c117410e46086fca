package dev.tributary.operator.pipeline;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.common.PrunedCaches;
import dev.tributary.operator.metrics.OperatorMetrics;
import dev.tributary.operator.pipeline.build.CheckpointVolumeBuilder;
import dev.tributary.operator.pipeline.build.PipelineLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A Pipeline becomes its Flink application cluster. Watches the Sources and Sinks it names (a missing or unready one
 * appearing or becoming Ready reconciles it again, without polling) and its own children (a JobManager becoming
 * Available, a child deleted by hand).
 */
@ControllerConfiguration(name = "pipeline")
public class PipelineReconciler implements Reconciler<Pipeline> {

    /** Only the children Tributary made: the informers cache nothing else of these kinds. */
    static final String CHILD_SELECTOR = PipelineLabels.NAME + "=" + PipelineLabels.APP + ","
            + PipelineLabels.MANAGED_BY + "=" + PipelineLabels.OPERATOR;

    static final List<Class<? extends HasMetadata>> CHILD_KINDS = List.of(ConfigMap.class, PersistentVolumeClaim.class,
            Service.class, Deployment.class, PodDisruptionBudget.class, NetworkPolicy.class);

    private final PipelineLifecycle lifecycle;
    private final OperatorMetrics metrics;

    public PipelineReconciler(PipelineLifecycle lifecycle, OperatorMetrics metrics) {
        this.lifecycle = lifecycle;
        this.metrics = metrics;
    }

    @Override
    public UpdateControl<Pipeline> reconcile(Pipeline pipeline, Context<Pipeline> context) {
        return metrics.reconcile(pipeline, context, () -> lifecycle.reconcile(pipeline, context));
    }

    @Override
    public ErrorStatusUpdateControl<Pipeline> updateErrorStatus(Pipeline pipeline, Context<Pipeline> context,
            Exception e) {
        return lifecycle.updateErrorStatus(pipeline, context, e);
    }

    @Override
    public List<EventSource<?, Pipeline>> prepareEventSources(EventSourceContext<Pipeline> context) {
        List<EventSource<?, Pipeline>> sources = new java.util.ArrayList<>();
        sources.add(new InformerEventSource<>(InformerEventSourceConfiguration.from(Source.class, Pipeline.class)
                .withSecondaryToPrimaryMapper((Source s) -> naming(context, s, p -> p.getSpec().sources)).build(),
                context));
        sources.add(new InformerEventSource<>(InformerEventSourceConfiguration.from(Sink.class, Pipeline.class)
                .withSecondaryToPrimaryMapper((Sink s) -> naming(context, s, p -> p.getSpec().sinks)).build(),
                context));
        for (Class<? extends HasMetadata> kind : CHILD_KINDS) {
            sources.add(childSource(kind, context));
        }
        return sources;
    }

    private static <R extends HasMetadata> EventSource<?, Pipeline> childSource(Class<R> kind,
            EventSourceContext<Pipeline> context) {
        InformerEventSourceConfiguration.Builder<R> config = InformerEventSourceConfiguration.from(kind, Pipeline.class)
                .withLabelSelector(CHILD_SELECTOR)
                .withSecondaryToPrimaryMapper(PipelineReconciler::pipelineOf);
        PrunedCaches.<R>store(context.getControllerConfiguration().getEffectiveNamespaces(), CachedChildren::keptOf)
                .ifPresent(config::withItemStore);
        return new InformerEventSource<>(config.build(), context);
    }

    /**
     * The Pipeline a child belongs to: its owner, or for a retained checkpoint volume (which has no owner
     * reference, so the garbage collector leaves it) the Pipeline its annotation names in its namespace.
     */
    static Set<ResourceID> pipelineOf(HasMetadata child) {
        Set<ResourceID> owners = Mappers.fromOwnerReferences(Pipeline.class, false).toPrimaryResourceIDs(child);
        if (!owners.isEmpty()) {
            return owners;
        }
        Map<String, String> annotations = child.getMetadata().getAnnotations();
        String pipeline = annotations == null ? null : annotations.get(CheckpointVolumeBuilder.PIPELINE);
        return pipeline == null ? Set.of() : Set.of(new ResourceID(pipeline, child.getMetadata().getNamespace()));
    }

    /** The Pipelines of the resource's namespace that list it, from the Pipeline cache. */
    private static Set<ResourceID> naming(EventSourceContext<Pipeline> context, HasMetadata resource,
            Function<Pipeline, List<String>> names) {
        String namespace = resource.getMetadata().getNamespace();
        String name = resource.getMetadata().getName();
        return context.getPrimaryCache().list(namespace)
                .filter(p -> p.getSpec() != null && names.apply(p) != null && names.apply(p).contains(name))
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }
}
