package dev.tributary.operator.dashboard.build;

/**
 * The operator's own Grafana dashboard. The Helm chart ships it ({@value #CHART_FILE}, in a ConfigMap for the
 * Grafana sidecar when {@code grafanaDashboard.enabled}); {@code tributary render --operator-dashboard} prints it, and
 * {@code OperatorDashboardTest} fails when the chart's copy is not what this class generates.
 */
public final class OperatorDashboard {

    public static final String UID = "tributary-operator";
    public static final String TITLE = "Tributary operator";
    public static final String CHART_FILE = "helm/tributary/dashboards/tributary-operator.json";

    private OperatorDashboard() {
    }

    public static String json() {
        return GrafanaDashboardJson.renderOperator(UID, TITLE, DashboardChildren.DEFAULT_REFRESH, OperatorPanels.rows());
    }
}
