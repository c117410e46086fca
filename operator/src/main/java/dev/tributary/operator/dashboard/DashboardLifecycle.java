package dev.tributary.operator.dashboard;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.Dashboard;
import dev.tributary.api.v1alpha1.DashboardStatus;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.common.DeletedOwner;
import dev.tributary.operator.common.EventRecorder;
import dev.tributary.operator.dashboard.build.DashboardChildren;
import dev.tributary.operator.dashboard.build.DashboardNames;
import dev.tributary.operator.pipeline.PipelineLifecycle;
import dev.tributary.operator.pipeline.build.DesiredHash;
import dev.tributary.operator.status.ChangeEvents;
import dev.tributary.operator.status.Conditions;
import dev.tributary.operator.status.DashboardReason;
import dev.tributary.operator.status.InternalErrors;
import dev.tributary.operator.status.StatusWrites;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Observe the Pipelines and the served kinds, build the desired children (pure), apply each whose desired hash
 * differs from the observed one, delete the children the spec no longer asks for, and write the status only when it
 * changed. A kind whose CRD is not installed is skipped and said in the status, never an error.
 */
@ApplicationScoped
public class DashboardLifecycle {

    private final KubernetesClient client;
    private final ServedKinds served;
    private final EventRecorder events;
    /**
     * One event per change of Ready's status or reason (a new list of missing Pipelines is not one); the cached
     * Dashboard can still carry the status before the last write, so the condition last recorded counts too.
     */
    private final StatusWrites statusWrites;
    private final Duration resync;

    public DashboardLifecycle(KubernetesClient client, EventRecorder events, Clock clock,
            @ConfigProperty(name = "tributary.resync-period", defaultValue = "2m") Duration resync) {
        this.client = client;
        this.served = new ServedKinds(client);
        this.events = events;
        this.resync = resync;
        this.statusWrites = new StatusWrites(new ChangeEvents(events, ChangeEvents.Compare.STATUS_REASON), clock,
                StatusWrites.Write.PATCH);
    }

    @SuppressWarnings("unchecked")
    public UpdateControl<Dashboard> reconcile(Dashboard dashboard, Context<Dashboard> context) {
        String namespace = dashboard.getMetadata().getNamespace();
        InformerEventSource<Pipeline, Dashboard> pipelines = (InformerEventSource<Pipeline, Dashboard>) context
                .eventSourceRetriever().getEventSourceFor(Pipeline.class);
        List<Pipeline> candidates = pipelines.list(namespace, p -> true).toList();
        DashboardChildren.Desired desired = DashboardChildren.desired(dashboard, candidates);

        boolean grafanaOperator = served.serves(DashboardChildren.GRAFANA_API, DashboardChildren.GRAFANA_DASHBOARD);
        boolean prometheusOperator = served.serves(DashboardChildren.MONITORING_API, DashboardChildren.PROMETHEUS_RULE)
                && served.serves(DashboardChildren.MONITORING_API, DashboardChildren.POD_MONITOR);
        List<HasMetadata> children = desired.all().stream().filter(c -> !(c instanceof GenericKubernetesResource g)
                || served.serves(g.getApiVersion(), g.getKind())).toList();
        Map<HasMetadata, HasMetadata> observed = new IdentityHashMap<>();
        children.forEach(c -> observed.put(c, observed(context, c)));
        if (children.stream().anyMatch(c -> !DesiredHash.matches(observed.get(c), DesiredHash.of(c)))
                && DeletedOwner.isDeleted(client, dashboard)) {
            return UpdateControl.noUpdate();
        }
        List<String> failures = new ArrayList<>();
        List<String> written = new ArrayList<>();
        for (HasMetadata child : children) {
            if (apply(dashboard, child, observed.get(child), failures)) {
                written.add(child.getKind() + "/" + child.getMetadata().getName());
            }
        }
        removeUnwanted(dashboard, context, desired, grafanaOperator, prometheusOperator, failures);

        DashboardOutcome outcome = new DashboardOutcome(desired, failures, grafanaOperator, prometheusOperator);
        DashboardStatus status = new DashboardStatus();
        status.pipelines = desired.shownNames();
        status.pipelineCount = desired.shown().size();
        status.children = written;
        return writeStatus(context, dashboard, status, outcome.ready(dashboard));
    }

    /** Whether the child is in place: applied now, or already carrying the desired hash. */
    private boolean apply(Dashboard dashboard, HasMetadata desired, HasMetadata observed, List<String> failures) {
        String hash = DesiredHash.stamp(desired);
        if (DesiredHash.matches(observed, hash)) {
            return true;
        }
        String what = desired.getKind() + " " + desired.getMetadata().getName();
        try {
            client.resource(desired).fieldManager(PipelineLifecycle.FIELD_MANAGER).forceConflicts().serverSideApply();
            events.normal(dashboard, observed == null ? "Created" : "Updated",
                    (observed == null ? "created " : "updated ") + what);
            return true;
        } catch (KubernetesClientException e) {
            String failure = "could not apply " + what + ": " + e.getMessage() + ".";
            events.warning(dashboard, DashboardReason.ApplyFailed.name(), failure);
            failures.add(failure);
            return false;
        }
    }

    /** Children an earlier spec asked for (alerts turned off, the other Grafana delivery, no Pipeline left). */
    private void removeUnwanted(Dashboard dashboard, Context<Dashboard> context, DashboardChildren.Desired desired,
            boolean grafanaOperator, boolean prometheusOperator, List<String> failures) {
        List<String> wanted = desired.all().stream().map(c -> c.getKind() + "/" + c.getMetadata().getName()).toList();
        String grafanaName = DashboardNames.grafana(dashboard);
        List<HasMetadata> candidates = new ArrayList<>();
        candidates.add(configMap(context, dashboard.getMetadata().getNamespace(), grafanaName));
        if (grafanaOperator) {
            candidates.add(generic(DashboardChildren.GRAFANA_API, DashboardChildren.GRAFANA_DASHBOARD, dashboard, grafanaName));
        }
        if (prometheusOperator) {
            candidates.add(generic(DashboardChildren.MONITORING_API, DashboardChildren.PROMETHEUS_RULE, dashboard,
                    DashboardNames.alerts(dashboard)));
            candidates.add(generic(DashboardChildren.MONITORING_API, DashboardChildren.POD_MONITOR, dashboard,
                    DashboardNames.podMonitor(dashboard)));
        }
        for (HasMetadata existing : candidates) {
            if (existing == null || wanted.contains(existing.getKind() + "/" + existing.getMetadata().getName())
                    || !ownedBy(existing, dashboard)) {
                continue;
            }
            try {
                client.resource(existing).delete();
                events.normal(dashboard, "Deleted", "deleted " + existing.getKind() + " "
                        + existing.getMetadata().getName() + ", which the spec no longer asks for");
            } catch (KubernetesClientException e) {
                failures.add("could not delete " + existing.getKind() + " " + existing.getMetadata().getName() + ": "
                        + e.getMessage() + ".");
            }
        }
    }

    private HasMetadata observed(Context<Dashboard> context, HasMetadata desired) {
        if (desired instanceof ConfigMap) {
            return configMap(context, desired.getMetadata().getNamespace(), desired.getMetadata().getName());
        }
        GenericKubernetesResource generic = (GenericKubernetesResource) desired;
        return client.genericKubernetesResources(generic.getApiVersion(), generic.getKind())
                .inNamespace(desired.getMetadata().getNamespace()).withName(desired.getMetadata().getName()).get();
    }

    @SuppressWarnings("unchecked")
    private static ConfigMap configMap(Context<Dashboard> context, String namespace, String name) {
        InformerEventSource<ConfigMap, Dashboard> source = (InformerEventSource<ConfigMap, Dashboard>) context
                .eventSourceRetriever().getEventSourceFor(ConfigMap.class);
        return source.get(new ResourceID(name, namespace)).orElse(null);
    }

    private GenericKubernetesResource generic(String apiVersion, String kind, Dashboard dashboard, String name) {
        return client.genericKubernetesResources(apiVersion, kind).inNamespace(dashboard.getMetadata().getNamespace())
                .withName(name).get();
    }

    private static boolean ownedBy(HasMetadata child, Dashboard dashboard) {
        return child.getMetadata().getOwnerReferences() != null && child.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> dashboard.getMetadata().getUid().equals(o.getUid()));
    }

    private UpdateControl<Dashboard> writeStatus(Context<Dashboard> context, Dashboard dashboard,
            DashboardStatus status, Condition ready) {
        return statusWrites.write(dashboard, context, status, List.of(ready), resync);
    }

    /**
     * An unexpected failure: Ready=False with reason InternalError and what failed, instead of a status that goes on
     * saying what the last successful reconcile saw. The rest of the status stays; the SDK retries.
     */
    public ErrorStatusUpdateControl<Dashboard> updateErrorStatus(Dashboard dashboard, Context<Dashboard> context,
            Exception e) {
        DashboardStatus status = InternalErrors.keep(dashboard.getStatus(), new DashboardStatus());
        return InternalErrors.control(writeStatus(context, dashboard, status,
                Conditions.notReady(DashboardReason.InternalError, InternalErrors.message(e))));
    }
}
