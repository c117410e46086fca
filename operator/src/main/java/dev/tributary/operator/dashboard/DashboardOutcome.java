package dev.tributary.operator.dashboard;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.Dashboard;
import dev.tributary.operator.dashboard.build.DashboardChildren;
import dev.tributary.operator.status.Conditions;
import dev.tributary.operator.status.DashboardReason;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Ready condition of a Dashboard from what its reconcile found, most urgent first: a child the API server
 * refused, a missing operator CRD the spec needs, Pipelines that are not there; otherwise Applied.
 *
 * @param failures what the API server refused, as sentences
 * @param grafanaOperatorServed whether the GrafanaDashboard kind is served
 * @param prometheusOperatorServed whether PrometheusRule and PodMonitor are served
 */
public record DashboardOutcome(DashboardChildren.Desired desired, List<String> failures,
        boolean grafanaOperatorServed, boolean prometheusOperatorServed) {

    public Condition ready(Dashboard dashboard) {
        String namespace = dashboard.getMetadata().getNamespace();
        if (!failures.isEmpty()) {
            return Conditions.notReady(DashboardReason.ApplyFailed, String.join(" ", failures));
        }
        if (wantsGrafanaOperator(dashboard) && !grafanaOperatorServed) {
            return Conditions.notReady(DashboardReason.GrafanaOperatorMissing,
                    "spec.grafana.grafanaOperator is set but the cluster does not serve GrafanaDashboard"
                            + " (grafana.integreatly.org/v1beta1): install the Grafana operator, or remove"
                            + " grafanaOperator to get a ConfigMap for the Grafana sidecar instead.");
        }
        if (wantsAlerts(dashboard) && !prometheusOperatorServed) {
            return Conditions.notReady(DashboardReason.PrometheusOperatorMissing,
                    "spec.alerts.enabled is true but the cluster does not serve PrometheusRule"
                            + " (monitoring.coreos.com/v1): install the Prometheus operator (kube-prometheus-stack)"
                            + " or set alerts.enabled: false. The dashboard is written.");
        }
        if (!desired.missing().isEmpty()) {
            return Conditions.notReady(DashboardReason.PipelinesNotFound, missingPipelines(dashboard,
                    desired.missing()));
        }
        if (desired.shown().isEmpty()) {
            return Conditions.notReady(DashboardReason.PipelinesNotFound, "spec.pipelines.selector matches no"
                    + " Pipeline in namespace " + namespace + ": label the Pipelines to show, or change the"
                    + " selector. The dashboard is written and fills in when one matches.");
        }
        String scraping = prometheusOperatorServed ? "a PodMonitor makes Prometheus scrape them"
                : "the Prometheus operator is not installed, so there is no PodMonitor: scrape their pods"
                        + " (label app.kubernetes.io/name=tributary-pipeline) on the metrics port with your own scrape"
                        + " config";
        return Conditions.ready(DashboardReason.Applied, "showing " + desired.shown().size() + " Pipeline"
                + (desired.shown().size() == 1 ? "" : "s") + "; " + scraping + ".");
    }

    /**
     * Names the first missing Pipeline by its field, as {@code tributary validate} does, and counts the others.
     */
    static String missingPipelines(Dashboard dashboard, List<String> missing) {
        List<String> names = dashboard.getSpec().pipelines != null && dashboard.getSpec().pipelines.names != null
                ? dashboard.getSpec().pipelines.names : List.of();
        List<String> inSpecOrder = Stream.concat(names.stream().filter(missing::contains),
                missing.stream()).distinct().toList();
        String first = inSpecOrder.get(0);
        int index = names.indexOf(first);
        String field = index >= 0 ? "spec.pipelines.names[" + index + "]" : "spec.pipelines.names";
        String others = missing.size() == 1 ? ""
                : " (and " + (missing.size() - 1) + " more: " + String.join(", ", inSpecOrder.subList(1, inSpecOrder.size()))
                        + ")";
        return field + ": Pipeline " + first + " does not exist in namespace " + dashboard.getMetadata().getNamespace()
                + others + ": create it, or remove it from spec.pipelines.names. The dashboard shows the others.";
    }

    static boolean wantsGrafanaOperator(Dashboard dashboard) {
        return dashboard.getSpec().grafana != null && dashboard.getSpec().grafana.grafanaOperator != null;
    }

    static boolean wantsAlerts(Dashboard dashboard) {
        return dashboard.getSpec().alerts != null && Boolean.TRUE.equals(dashboard.getSpec().alerts.enabled);
    }
}
