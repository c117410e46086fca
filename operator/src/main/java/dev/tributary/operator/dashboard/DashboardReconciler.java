package dev.tributary.operator.dashboard;

import dev.tributary.api.v1alpha1.Dashboard;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.common.PrunedCaches;
import dev.tributary.operator.dashboard.build.DashboardChildren;
import dev.tributary.operator.metrics.OperatorMetrics;
import dev.tributary.operator.pipeline.build.PipelineLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
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
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Dashboard becomes its Grafana dashboard, alert rules and PodMonitor. Watches the Pipelines of its namespace (one
 * added, removed or relabelled into or out of the selection reconciles it again, without polling) and its ConfigMap
 * (changed or deleted by hand).
 */
@ControllerConfiguration(name = "dashboard")
public class DashboardReconciler implements Reconciler<Dashboard> {

    static final String CHILD_SELECTOR = PipelineLabels.NAME + "=" + DashboardChildren.APP + ","
            + PipelineLabels.MANAGED_BY + "=" + PipelineLabels.OPERATOR;

    private final DashboardLifecycle lifecycle;
    private final OperatorMetrics metrics;

    public DashboardReconciler(DashboardLifecycle lifecycle, OperatorMetrics metrics) {
        this.lifecycle = lifecycle;
        this.metrics = metrics;
    }

    @Override
    public UpdateControl<Dashboard> reconcile(Dashboard dashboard, Context<Dashboard> context) {
        return metrics.reconcile(dashboard, context, () -> lifecycle.reconcile(dashboard, context));
    }

    @Override
    public ErrorStatusUpdateControl<Dashboard> updateErrorStatus(Dashboard dashboard, Context<Dashboard> context, Exception e) {
        return lifecycle.updateErrorStatus(dashboard, context, e);
    }

    @Override
    public List<EventSource<?, Dashboard>> prepareEventSources(EventSourceContext<Dashboard> context) {
        InformerEventSourceConfiguration.Builder<Pipeline> pipelines = InformerEventSourceConfiguration
                .from(Pipeline.class, Dashboard.class)
                .withSecondaryToPrimaryMapper((Pipeline p) -> showingOrSelecting(context, p))
                .withOnUpdateFilter(PipelinesSeenByDashboards::concernsDashboards);
        PrunedCaches.store(context.getControllerConfiguration().getEffectiveNamespaces(),
                PipelinesSeenByDashboards::keptOf).ifPresent(pipelines::withItemStore);
        return List.of(
                new InformerEventSource<>(pipelines.build(), context),
                new InformerEventSource<>(InformerEventSourceConfiguration.from(ConfigMap.class, Dashboard.class)
                        .withLabelSelector(CHILD_SELECTOR)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Dashboard.class, false)).build(),
                        context));
    }

    /**
     * The Dashboards of the Pipeline's namespace that select it now or showed it last time: a Pipeline whose labels
     * no longer match must leave the dashboard it was in.
     */
    static Set<ResourceID> showingOrSelecting(EventSourceContext<Dashboard> context, Pipeline pipeline) {
        String name = pipeline.getMetadata().getName();
        return context.getPrimaryCache().list(pipeline.getMetadata().getNamespace())
                .filter(d -> d.getSpec() != null && (dev.tributary.operator.dashboard.build.PipelineSelector.selects(d, pipeline)
                        || d.getStatus() != null && d.getStatus().pipelines != null && d.getStatus().pipelines.contains(name)))
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }
}
