package dev.tributary.operator.dashboard.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.v1alpha1.Dashboard;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DashboardChildrenTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void byDefaultTheDashboardIsAConfigMapForTheKubePrometheusStackSidecarAndAPodMonitor() throws Exception {
        Dashboard dashboard = DashboardFixtures.dashboard("shop", "web", "pipelines: {names: [sessionize, enrich]}");
        DashboardChildren.Desired desired = DashboardChildren.desired(dashboard, DashboardFixtures.shop());

        assertThat(desired.shownNames()).containsExactly("enrich", "sessionize");
        assertThat(desired.missing()).isEmpty();
        assertThat(desired.alerts()).as("alerts are off unless enabled").isEmpty();
        ConfigMap configMap = (ConfigMap) desired.grafana();
        assertThat(configMap.getMetadata().getName()).isEqualTo("web-grafana");
        assertThat(configMap.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1")
                .containsEntry("app.kubernetes.io/managed-by", "tributary-operator");
        assertThat(configMap.getData()).containsOnlyKeys("shop-web.json");
        JsonNode json = JSON.readTree(configMap.getData().get("shop-web.json"));
        assertThat(json.get("uid").asText()).isEqualTo(DashboardNames.uid("shop", "web"));
        assertThat(json.get("title").asText()).isEqualTo("web");
        for (HasMetadata child : desired.all()) {
            assertThat(child.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
                assertThat(o.getKind()).isEqualTo("Dashboard");
                assertThat(o.getUid()).isEqualTo("dash-uid");
                assertThat(o.getController()).isTrue();
            });
        }

        GenericKubernetesResource podMonitor = desired.podMonitor().orElseThrow();
        assertThat(podMonitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        Map<String, Object> spec = spec(podMonitor);
        assertThat(spec.toString()).contains("values=[enrich, sessionize]", "port=metrics",
                "targetLabel=pipeline", "__meta_kubernetes_pod_label_app_kubernetes_io_instance",
                "matchNames=[shop]");
    }

    @Test
    void theSameInputGivesByteIdenticalJsonAndAUidFromNamespaceAndName() {
        Dashboard dashboard = DashboardFixtures.dashboard("shop", "web", "pipelines: {selector: {matchLabels: {team: web}}}");
        String first = ((ConfigMap) DashboardChildren.desired(dashboard, DashboardFixtures.shop()).grafana()).getData()
                .get("shop-web.json");
        String second = ((ConfigMap) DashboardChildren.desired(dashboard,
                reversed(DashboardFixtures.shop())).grafana()).getData().get("shop-web.json");
        assertThat(second).isEqualTo(first);
        assertThat(DashboardNames.uid("shop", "web")).isEqualTo(DashboardNames.uid("shop", "web"))
                .isNotEqualTo(DashboardNames.uid("other", "web")).isNotEqualTo(DashboardNames.uid("shop", "web2"))
                .hasSizeLessThanOrEqualTo(40).matches("[a-z0-9-]+");
    }

    @Test
    void labelsAndFolderOfTheConfigMapComeFromTheSpec() {
        Dashboard dashboard = DashboardFixtures.dashboard("shop", "web", """
                pipelines: {names: [audit]}
                title: Shop pipelines
                grafana: {configMap: {labels: {grafana_dashboard: team-web}, folder: Streaming}}""");
        ConfigMap configMap = (ConfigMap) DashboardChildren.desired(dashboard, DashboardFixtures.shop()).grafana();
        assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "team-web");
        assertThat(configMap.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Streaming");
        assertThat(configMap.getData().get("shop-web.json")).contains("\"title\" : \"Shop pipelines\"");
    }

    @Test
    void withTheGrafanaOperatorTheDashboardIsAGrafanaDashboardWithTheInstanceSelector() throws Exception {
        Dashboard dashboard = DashboardFixtures.dashboard("shop", "web", """
                pipelines: {names: [audit]}
                grafana: {grafanaOperator: {instanceSelector: {matchLabels: {dashboards: grafana}}}}""");
        DashboardChildren.Desired desired = DashboardChildren.desired(dashboard, DashboardFixtures.shop());
        GenericKubernetesResource grafana = (GenericKubernetesResource) desired.grafana();
        assertThat(grafana.getApiVersion()).isEqualTo("grafana.integreatly.org/v1beta1");
        assertThat(grafana.getKind()).isEqualTo("GrafanaDashboard");
        JsonNode spec = JSON.valueToTree(grafana.getAdditionalProperties().get("spec"));
        assertThat(spec.at("/instanceSelector/matchLabels/dashboards").asText()).isEqualTo("grafana");
        assertThat(JSON.readTree(spec.get("json").asText()).get("uid").asText())
                .isEqualTo(DashboardNames.uid("shop", "web"));
    }

    @Test
    void selectorsFollowKubernetesSemanticsWithinTheNamespaceAndMissingNamesAreReported() {
        Dashboard byExpression = DashboardFixtures.dashboard("shop", "web", """
                pipelines:
                  selector:
                    matchLabels: {team: web}
                    matchExpressions: [{key: tier, operator: NotIn, values: [gold]}]""");
        assertThat(DashboardChildren.desired(byExpression, DashboardFixtures.shop()).shownNames())
                .containsExactly("sessionize");
        Dashboard exists = DashboardFixtures.dashboard("shop", "web", """
                pipelines: {selector: {matchExpressions: [{key: tier, operator: Exists}]}}""");
        assertThat(DashboardChildren.desired(exists, DashboardFixtures.shop()).shownNames()).containsExactly("enrich");
        Dashboard names = DashboardFixtures.dashboard("shop", "web", "pipelines: {names: [audit, gone, also-gone]}");
        DashboardChildren.Desired desired = DashboardChildren.desired(names, DashboardFixtures.shop());
        assertThat(desired.shownNames()).containsExactly("audit");
        assertThat(desired.missing()).containsExactly("also-gone", "gone");
        Dashboard none = DashboardFixtures.dashboard("shop", "web", "pipelines: {selector: {matchLabels: {team: x}}}");
        DashboardChildren.Desired empty = DashboardChildren.desired(none, DashboardFixtures.shop());
        assertThat(empty.shown()).isEmpty();
        assertThat(empty.podMonitor()).as("a PodMonitor selecting no instance would be invalid").isEmpty();
        assertThat(empty.all()).hasSize(1);
    }

    @Test
    void everyAlertHasSeverityASummaryAndADescriptionThatNamesThePipelineAndWhatToDo() {
        Dashboard dashboard = DashboardFixtures.dashboard("shop", "web", """
                pipelines: {selector: {matchLabels: {team: web}}}
                alerts: {enabled: true, lagSeconds: 120, deadLetterRatePerSecond: 0.5, restartsPerHour: 2}""");
        DashboardChildren.Desired desired = DashboardChildren.desired(dashboard, DashboardFixtures.shop());
        GenericKubernetesResource rule = desired.alerts().orElseThrow();
        assertThat(rule.getKind()).isEqualTo("PrometheusRule");
        assertThat(rule.getMetadata().getName()).isEqualTo("web-alerts");
        JsonNode groups = JSON.valueToTree(spec(rule).get("groups"));
        assertThat(groups).hasSize(2);
        Map<String, Set<String>> alertsByGroup = new java.util.TreeMap<>();
        for (JsonNode group : groups) {
            String pipeline = group.get("name").asText().replace("tributary.shop.", "");
            Set<String> alerts = new HashSet<>();
            for (JsonNode rule1 : group.get("rules")) {
                alerts.add(rule1.get("alert").asText());
                assertThat(rule1.at("/labels/severity").asText()).isIn("warning", "critical");
                assertThat(rule1.at("/annotations/summary").asText()).contains("Pipeline shop/" + pipeline);
                assertThat(rule1.at("/annotations/description").asText()).contains("Pipeline shop/" + pipeline)
                        .containsAnyOf("Check", "check", "Read", "Raise", "raise", "kubectl");
                assertThat(rule1.get("expr").asText()).contains("namespace=\"shop\", pipeline=\"" + pipeline + "\"");
            }
            alertsByGroup.put(pipeline, alerts);
        }
        assertThat(alertsByGroup.get("sessionize")).containsExactlyInAnyOrder(AlertRules.LAG,
                AlertRules.CHECKPOINT_FAILURES, AlertRules.CHECKPOINTS_STALLED, AlertRules.NOT_RUNNING,
                AlertRules.DEAD_LETTERS, AlertRules.RESTARTS, AlertRules.AT_MAXIMUM);
        assertThat(alertsByGroup.get("enrich")).as("suspended: not running is expected; not autoscaled")
                .doesNotContain(AlertRules.NOT_RUNNING, AlertRules.CHECKPOINTS_STALLED, AlertRules.AT_MAXIMUM)
                .contains(AlertRules.LAG, AlertRules.DEAD_LETTERS);
        String text = groups.toString();
        assertThat(text).contains("> 120", "> 0.5", ">= 2", "> 60", ">= 3)",
                "flink_jobmanager_numRegisteredTaskManagers{namespace=\\\"shop\\\", pipeline=\\\"sessionize\\\"}) >= 3");
    }

    @Test
    void theDashboardHasADatasourceAndPipelineVariableAndEveryPanelAQueryOnItAndAUnit() throws Exception {
        Dashboard dashboard = DashboardFixtures.dashboard("shop", "web", "pipelines: {selector: {matchLabels: {team: web}}}");
        JsonNode json = JSON.readTree(DashboardChildren.dashboardJson(dashboard, List.of("enrich", "sessionize")));
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(GrafanaDashboardJson.SCHEMA_VERSION);
        JsonNode variables = json.at("/templating/list");
        assertThat(variables.findValuesAsText("name")).containsExactly("datasource", "namespace", "pipeline");
        assertThat(variables.get(0).get("type").asText()).isEqualTo("datasource");
        assertThat(variables.get(0).get("query").asText()).isEqualTo("prometheus");
        assertThat(variables.get(1).get("query").asText()).isEqualTo("shop");
        assertThat(variables.get(2).get("query").asText()).isEqualTo("enrich,sessionize");
        assertThat(variables.get(2).get("multi").asBoolean()).isTrue();

        Set<Integer> ids = new HashSet<>();
        List<String> rows = new java.util.ArrayList<>();
        int panels = 0;
        for (JsonNode panel : json.get("panels")) {
            assertThat(ids.add(panel.get("id").asInt())).as("unique panel id").isTrue();
            JsonNode grid = panel.get("gridPos");
            assertThat(grid.get("x").asInt() + grid.get("w").asInt()).isLessThanOrEqualTo(24);
            if ("row".equals(panel.get("type").asText())) {
                rows.add(panel.get("title").asText());
                continue;
            }
            panels++;
            assertThat(panel.get("type").asText()).isIn("timeseries", "stat");
            assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
            assertThat(panel.at("/fieldConfig/defaults/unit").asText()).isNotBlank();
            assertThat(panel.at("/fieldConfig/defaults/thresholds/steps")).isNotEmpty();
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.at("/datasource/uid").asText()).isEqualTo("${datasource}");
                assertThat(target.get("refId").asText()).isNotBlank();
                assertThat(target.get("legendFormat").asText()).isNotBlank();
                assertThat(target.get("expr").asText()).contains("$namespace").contains("$pipeline");
            }
        }
        assertThat(rows).containsExactly("Overview", "Checkpoints", "Errors", "Resources");
        assertThat(panels).isEqualTo(20);
        assertThat(json.at("/annotations/list/1/target/expr").asText())
                .contains("tributary_operator_pipeline_taskmanagers").doesNotContain("kube_");
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new java.util.ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }
}
