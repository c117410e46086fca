package dev.tributary.operator.dashboard.build;

import dev.tributary.api.v1alpha1.AlertsSpec;
import dev.tributary.api.v1alpha1.Dashboard;
import dev.tributary.api.v1alpha1.DashboardSpec;
import dev.tributary.api.v1alpha1.GrafanaConfigMapSpec;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.build.FlinkSettings;
import dev.tributary.operator.pipeline.build.PipelineLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything a Dashboard should have, from the Dashboard and the Pipelines of its namespace, without I/O: the Grafana
 * dashboard (a ConfigMap for the Grafana sidecar, or a GrafanaDashboard for the Grafana operator), the
 * PrometheusRule with its alerts when {@code alerts.enabled}, and the PodMonitor that makes Prometheus scrape the
 * selected Pipelines' JobManagers and TaskManagers. Each child is owned by the Dashboard. Shared by the operator and
 * {@code tributary render}.
 */
public final class DashboardChildren {

    public static final String MONITORING_API = "monitoring.coreos.com/v1";
    public static final String GRAFANA_API = "grafana.integreatly.org/v1beta1";
    public static final String PROMETHEUS_RULE = "PrometheusRule";
    public static final String POD_MONITOR = "PodMonitor";
    public static final String GRAFANA_DASHBOARD = "GrafanaDashboard";

    public static final String APP = "tributary-dashboard";
    /** The label kube-prometheus-stack's Grafana sidecar looks for by default. */
    public static final Map<String, String> SIDECAR_LABELS = Map.of("grafana_dashboard", "1");
    /** The annotation the sidecar files a dashboard's folder under (its folderAnnotation default). */
    public static final String FOLDER_ANNOTATION = "grafana_folder";
    public static final String DEFAULT_REFRESH = "30s";
    static final String SCRAPE_INTERVAL = "30s";

    private DashboardChildren() {
    }

    /**
     * @param shown the selected Pipelines, sorted by name
     * @param missing names the Dashboard lists that no Pipeline has
     * @param grafana the ConfigMap or the GrafanaDashboard
     * @param alerts the PrometheusRule, when alerts are enabled and a Pipeline is shown
     * @param podMonitor the PodMonitor, when a Pipeline is shown
     */
    public record Desired(List<Pipeline> shown, List<String> missing, HasMetadata grafana,
            Optional<GenericKubernetesResource> alerts, Optional<GenericKubernetesResource> podMonitor) {

        public List<HasMetadata> all() {
            List<HasMetadata> all = new ArrayList<>();
            all.add(grafana);
            alerts.ifPresent(all::add);
            podMonitor.ifPresent(all::add);
            return all;
        }

        public List<String> shownNames() {
            return shown.stream().map(p -> p.getMetadata().getName()).toList();
        }
    }

    public static Desired desired(Dashboard dashboard, List<Pipeline> pipelinesOfNamespace) {
        DashboardSpec spec = dashboard.getSpec();
        List<Pipeline> shown = PipelineSelector.selected(dashboard, pipelinesOfNamespace);
        List<String> shownNames = shown.stream().map(p -> p.getMetadata().getName()).toList();
        List<String> missing = spec.pipelines.names == null ? List.of()
                : spec.pipelines.names.stream().filter(n -> !shownNames.contains(n)).sorted().toList();
        String json = dashboardJson(dashboard, shownNames);
        HasMetadata grafana = spec.grafana != null && spec.grafana.grafanaOperator != null
                ? grafanaDashboard(dashboard, json) : configMap(dashboard, json);
        boolean alerting = spec.alerts != null && Boolean.TRUE.equals(spec.alerts.enabled) && !shown.isEmpty();
        Optional<GenericKubernetesResource> alerts = alerting
                ? Optional.of(prometheusRule(dashboard, spec.alerts, shown)) : Optional.empty();
        Optional<GenericKubernetesResource> podMonitor = shown.isEmpty() ? Optional.empty()
                : Optional.of(podMonitor(dashboard, shownNames));
        return new Desired(shown, missing, grafana, alerts, podMonitor);
    }

    public static String dashboardJson(Dashboard dashboard, List<String> pipelines) {
        DashboardSpec spec = dashboard.getSpec();
        String namespace = dashboard.getMetadata().getNamespace();
        String name = dashboard.getMetadata().getName();
        int lagSeconds = spec.alerts == null || spec.alerts.lagSeconds == null ? AlertRules.DEFAULT_LAG_SECONDS
                : spec.alerts.lagSeconds;
        return GrafanaDashboardJson.render(DashboardNames.uid(namespace, name),
                spec.title == null ? name : spec.title, spec.refresh == null ? DEFAULT_REFRESH : spec.refresh,
                namespace, pipelines, PipelinePanels.rows(lagSeconds));
    }

    static ConfigMap configMap(Dashboard dashboard, String json) {
        GrafanaConfigMapSpec settings = dashboard.getSpec().grafana == null ? null : dashboard.getSpec().grafana.configMap;
        Map<String, String> labels = labels(dashboard);
        labels.putAll(settings == null || settings.labels == null ? SIDECAR_LABELS : settings.labels);
        ObjectMeta metadata = metadata(dashboard, DashboardNames.grafana(dashboard), labels);
        if (settings != null && settings.folder != null) {
            metadata.setAnnotations(new TreeMap<>(Map.of(FOLDER_ANNOTATION, settings.folder)));
        }
        return new ConfigMapBuilder().withMetadata(metadata)
                .withData(new TreeMap<>(Map.of(DashboardNames.jsonKey(dashboard), json))).build();
    }

    static GenericKubernetesResource grafanaDashboard(Dashboard dashboard, String json) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("instanceSelector", dashboard.getSpec().grafana.grafanaOperator.instanceSelector);
        spec.put("json", json);
        spec.put("resyncPeriod", "10m");
        return generic(GRAFANA_API, GRAFANA_DASHBOARD, metadata(dashboard, DashboardNames.grafana(dashboard),
                labels(dashboard)), spec);
    }

    static GenericKubernetesResource prometheusRule(Dashboard dashboard, AlertsSpec alerts, List<Pipeline> shown) {
        return generic(MONITORING_API, PROMETHEUS_RULE, metadata(dashboard, DashboardNames.alerts(dashboard),
                labels(dashboard)), Map.of("groups", AlertRules.groups(alerts, shown)));
    }

    /** Scrapes the selected Pipelines' pods on their metrics port and labels every series with its Pipeline. */
    static GenericKubernetesResource podMonitor(Dashboard dashboard, List<String> pipelines) {
        Map<String, Object> selector = new LinkedHashMap<>();
        selector.put("matchLabels", Map.of(PipelineLabels.NAME, PipelineLabels.APP));
        selector.put("matchExpressions", List.of(Map.of("key", PipelineLabels.INSTANCE, "operator", "In",
                "values", pipelines)));
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("port", "metrics");
        endpoint.put("path", "/metrics");
        endpoint.put("interval", SCRAPE_INTERVAL);
        endpoint.put("relabelings", List.of(
                relabel("__meta_kubernetes_pod_label_app_kubernetes_io_instance", PipelineMetrics.PIPELINE_LABEL),
                relabel("__meta_kubernetes_pod_label_app_kubernetes_io_component", PipelineMetrics.COMPONENT_LABEL)));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("selector", selector);
        spec.put("namespaceSelector", Map.of("matchNames", List.of(dashboard.getMetadata().getNamespace())));
        spec.put("podMetricsEndpoints", List.of(endpoint));
        return generic(MONITORING_API, POD_MONITOR, metadata(dashboard, DashboardNames.podMonitor(dashboard),
                labels(dashboard)), spec);
    }

    /** The metrics port every Pipeline pod exposes, for the README and the scrape annotations. */
    public static int metricsPort() {
        return FlinkSettings.METRICS_PORT;
    }

    private static Map<String, Object> relabel(String source, String target) {
        Map<String, Object> relabel = new LinkedHashMap<>();
        relabel.put("sourceLabels", List.of(source));
        relabel.put("targetLabel", target);
        relabel.put("action", "replace");
        return relabel;
    }

    static Map<String, String> labels(Dashboard dashboard) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(PipelineLabels.NAME, APP);
        labels.put(PipelineLabels.INSTANCE, dashboard.getMetadata().getName());
        labels.put(PipelineLabels.MANAGED_BY, PipelineLabels.OPERATOR);
        labels.put(PipelineLabels.PART_OF, PipelineLabels.PRODUCT);
        return labels;
    }

    private static ObjectMeta metadata(Dashboard dashboard, String name, Map<String, String> labels) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(dashboard.getMetadata().getNamespace())
                .withLabels(new TreeMap<>(labels))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(dashboard.getApiVersion())
                        .withKind(dashboard.getKind())
                        .withName(dashboard.getMetadata().getName())
                        .withUid(dashboard.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .build();
    }

    private static GenericKubernetesResource generic(String apiVersion, String kind, ObjectMeta metadata,
            Map<String, Object> spec) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion(apiVersion);
        resource.setKind(kind);
        resource.setMetadata(metadata);
        resource.setAdditionalProperty("spec", spec);
        return resource;
    }
}
