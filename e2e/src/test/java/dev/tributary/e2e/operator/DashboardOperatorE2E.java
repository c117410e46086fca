package dev.tributary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.e2e.cluster.ReadyCondition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.v1alpha1.Dashboard;
import dev.tributary.e2e.argocd.HealthFixtures;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.e2e.cluster.UpstreamCrds;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Dashboards become their Grafana dashboards, alert rules and PodMonitors on the real control plane, with the
 * operator as its own process. First without the Prometheus and Grafana operators' CRDs (the status says what to
 * install), then with the CRDs their projects publish (e2e/src/test/resources/upstream-crds), whose schemas the
 * generated objects must pass. Pipelines need no Kafka here: a Dashboard only reads them.
 */
@ClusterTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardOperatorE2E {

    private static final Duration RESYNC = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String NS = "dashboards";
    private static final List<String> WRITTEN = List.of("configmaps", "dashboards", "prometheusrules", "podmonitors",
            "grafanadashboards", "events");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestCluster cluster;
    private static OperatorProcess operator;

    @BeforeAll
    static void start() {
        cluster = Clusters.shared();
        cluster.installCrds();
        removeUpstreamCrds();
        client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .serverSideApply();
        operator = new OperatorProcess(cluster.kubeconfig(), Map.of(
                "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9",
                "TRIBUTARY_RESYNC_PERIOD", RESYNC.toSeconds() + "s"),
                Clusters.workDir().resolve("dashboard-operator-e2e").resolve("operator.log")).start();
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
        if (cluster != null) {
            cluster.kubectl("delete", "namespace", NS, "--wait=false", "--ignore-not-found");
            removeUpstreamCrds();
        }
    }

    @Test
    @Order(1) // 1 to 5 are one sequence over the same Dashboards and Pipelines; the last test is independent
    void withoutTheOperatorsCrdsTheDashboardIsWrittenAndTheStatusSaysWhatToInstall() throws Exception {
        cluster.apply(NS, pipeline("sessions", "web") + pipeline("orders", "web") + pipeline("audit", "sec"));
        cluster.apply(NS, """
                apiVersion: tributary.dev/v1alpha1
                kind: Dashboard
                metadata: {name: by-name}
                spec:
                  pipelines: {names: [sessions, refunds]}
                  grafana: {configMap: {folder: Shop}}
                  alerts: {enabled: true, lagSeconds: 60}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Dashboard
                metadata: {name: ops}
                spec:
                  pipelines: {names: [audit]}
                  grafana: {grafanaOperator: {instanceSelector: {matchLabels: {dashboards: grafana}}}}
                """);
        String message = awaitReady("by-name", "False", "PrometheusOperatorMissing");
        HealthFixtures.capture(cluster, "Dashboard", NS, "by-name", "degraded-prometheus-operator-missing");
        assertThat(message).contains("alerts.enabled", "monitoring.coreos.com/v1", "install");
        ConfigMap configMap = client().configMaps().inNamespace(NS).withName("by-name-grafana").get();
        Dashboard byName = dashboard("by-name");
        assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(configMap.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Shop");
        assertOwnedBy(configMap, byName);
        JsonNode json = JSON.readTree(configMap.getData().get(NS + "-by-name.json"));
        assertThat(json.at("/templating/list/2/query").asText()).isEqualTo("sessions");
        assertThat(byName.getStatus().pipelines).containsExactly("sessions");
        assertThat(byName.getStatus().pipelineCount).isEqualTo(1);
        assertThat(byName.getStatus().children).containsExactly("ConfigMap/by-name-grafana");
        assertThat(byName.getStatus().observedGeneration).isEqualTo(byName.getMetadata().getGeneration());

        assertThat(awaitReady("ops", "False", "GrafanaOperatorMissing")).contains("GrafanaDashboard",
                "install the Grafana operator");
        assertThat(dashboard("ops").getStatus().children).as("nothing written").isNullOrEmpty();
        assertThat(client().configMaps().inNamespace(NS).withName("ops-grafana").get()).isNull();
    }

    @Test
    @Order(2)
    void withTheUpstreamCrdsTheRulesPodMonitorAndGrafanaDashboardFollowAndAnAddedPipelineMakesItReady() {
        UpstreamCrds.install(cluster);

        // Found on the next resync: a CRD appearing sends no event the operator watches.
        assertThat(awaitReady("by-name", "False", "PipelinesNotFound")).contains("refunds");
        Dashboard byName = dashboard("by-name");
        assertThat(byName.getStatus().children).containsExactly("ConfigMap/by-name-grafana",
                "PrometheusRule/by-name-alerts", "PodMonitor/by-name-pipelines");
        GenericKubernetesResource rule = generic("monitoring.coreos.com/v1", "PrometheusRule", "by-name-alerts");
        assertOwnedBy(rule, byName);
        assertThat(JSON.valueToTree(rule.getAdditionalProperties().get("spec")).toString())
                .contains("TributaryPipelineLagHigh", "TributaryJobNotRunning", "> 60");
        GenericKubernetesResource podMonitor = generic("monitoring.coreos.com/v1", "PodMonitor", "by-name-pipelines");
        assertOwnedBy(podMonitor, byName);
        assertThat(JSON.valueToTree(podMonitor.getAdditionalProperties().get("spec")).at("/podMetricsEndpoints/0/port")
                .asText()).isEqualTo("metrics");

        cluster.apply(NS, pipeline("refunds", "web"));
        assertThat(awaitReady("by-name", "True", "Applied")).contains("2 Pipelines", "PodMonitor");
        HealthFixtures.capture(cluster, "Dashboard", NS, "by-name", "healthy");
        assertThat(dashboard("by-name").getStatus().pipelines).containsExactly("refunds", "sessions");

        awaitReady("ops", "True", "Applied");
        GenericKubernetesResource grafana = generic("grafana.integreatly.org/v1beta1", "GrafanaDashboard", "ops-grafana");
        assertOwnedBy(grafana, dashboard("ops"));
        JsonNode spec = JSON.valueToTree(grafana.getAdditionalProperties().get("spec"));
        assertThat(spec.at("/instanceSelector/matchLabels/dashboards").asText()).isEqualTo("grafana");
        assertThat(spec.get("json").asText()).contains("\"uid\" : \"tributary-");
    }

    @Test
    @Order(3)
    void aSelectorFollowsPipelineLabelsWithoutPolling() throws Exception {
        cluster.apply(NS, """
                apiVersion: tributary.dev/v1alpha1
                kind: Dashboard
                metadata: {name: web}
                spec:
                  pipelines: {selector: {matchLabels: {team: web}}}
                """);
        awaitPipelines("web", List.of("orders", "refunds", "sessions"));
        cluster.kubectl("label", "pipeline", "audit", "-n", NS, "team=web", "--overwrite");
        awaitPipelines("web", List.of("audit", "orders", "refunds", "sessions"));
        cluster.kubectl("label", "pipeline", "orders", "-n", NS, "team=billing", "--overwrite");
        awaitPipelines("web", List.of("audit", "refunds", "sessions"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(JSON.readTree(client().configMaps().inNamespace(NS)
                .withName("web-grafana").get().getData().get(NS + "-web.json")).at("/templating/list/2/query").asText())
                .isEqualTo("audit,refunds,sessions"));
        assertThat(JSON.valueToTree(generic("monitoring.coreos.com/v1", "PodMonitor", "web-pipelines")
                .getAdditionalProperties().get("spec")).at("/selector/matchExpressions/0/values").toString())
                .isEqualTo("[\"audit\",\"refunds\",\"sessions\"]");
        cluster.kubectl("delete", "pipeline", "refunds", "-n", NS);
        awaitPipelines("web", List.of("audit", "sessions"));
    }

    @Test
    @Order(4)
    void aResyncThatChangesNothingWritesNothing() throws Exception {
        awaitReady("by-name", "False", "PipelinesNotFound"); // refunds was deleted above
        Thread.sleep(RESYNC.multipliedBy(2).toMillis());
        Map<String, Double> before = ApiWrites.on(client(), WRITTEN);
        Map<String, Double> delta = ApiWrites.during(cluster, NS, WRITTEN, RESYNC.multipliedBy(4));
        System.out.printf("[measure] 3 Dashboards, 4 resyncs of %ds: API writes %s%n", RESYNC.toSeconds(), delta);
        assertThat(before).as("the counters see the operator's writes").containsKey("configmaps APPLY");
        assertThat(delta).as("writes to the API server by resource and verb").isEmpty();
    }

    @Test
    @Order(5)
    void turningAlertsOffDeletesTheRulesAndDeletingADashboardDeletesItsChildren() {
        cluster.apply(NS, """
                apiVersion: tributary.dev/v1alpha1
                kind: Dashboard
                metadata: {name: by-name}
                spec:
                  pipelines: {names: [sessions]}
                  alerts: {enabled: false}
                """);
        awaitReady("by-name", "True", "Applied");
        await().atMost(TIMEOUT).until(() -> client().genericKubernetesResources("monitoring.coreos.com/v1",
                "PrometheusRule").inNamespace(NS).withName("by-name-alerts").get() == null);
        assertThat(dashboard("by-name").getStatus().children).containsExactly("ConfigMap/by-name-grafana",
                "PodMonitor/by-name-pipelines");

        cluster.kubectl("delete", "dashboard", "web", "-n", NS);
        await().atMost(TIMEOUT).alias("the garbage collector deletes web's children").until(() ->
                client().configMaps().inNamespace(NS).withName("web-grafana").get() == null
                        && client().genericKubernetesResources("monitoring.coreos.com/v1", "PodMonitor")
                        .inNamespace(NS).withName("web-pipelines").get() == null);
    }

    @Test
    void theApiServerRejectsAnInvalidDashboard() throws Exception {
        Path file = java.nio.file.Files.createTempFile(Clusters.workDir(), "bad-dashboard-", ".yaml");
        java.nio.file.Files.writeString(file, """
                apiVersion: tributary.dev/v1alpha1
                kind: Dashboard
                metadata: {name: both}
                spec:
                  pipelines: {names: [sessions], selector: {matchLabels: {team: web}}}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Dashboard
                metadata: {name: two-grafanas}
                spec:
                  pipelines: {names: [sessions]}
                  grafana: {configMap: {}, grafanaOperator: {instanceSelector: {matchLabels: {a: b}}}}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Dashboard
                metadata: {name: lag}
                spec:
                  pipelines: {names: [sessions]}
                  alerts: {enabled: true, lagSeconds: 0}
                """);
        CommandResult result = cluster.kubectl("apply", "-n", NS, "-f", file.toString());
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stderr()).contains("name the pipelines either by names or by selector: set exactly one",
                "set at most one of grafana.configMap or grafana.grafanaOperator", "spec.alerts.lagSeconds");
        assertThat(client().resources(Dashboard.class).inNamespace(NS).list().getItems())
                .extracting(d -> d.getMetadata().getName()).doesNotContain("both", "two-grafanas", "lag");
    }

    private static void awaitPipelines(String dashboard, List<String> names) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).alias(dashboard + " shows " + names)
                .untilAsserted(() -> {
                    Dashboard d = dashboard(dashboard);
                    assertThat(d.getStatus()).isNotNull();
                    assertThat(d.getStatus().pipelines).isEqualTo(names);
                    assertThat(d.getStatus().pipelineCount).isEqualTo(names.size());
                });
    }

    private static String awaitReady(String name, String status, String reason) {
        return ReadyCondition.await(cluster, "dashboard", NS, name, status, reason, TIMEOUT);
    }

    private static void assertOwnedBy(HasMetadata child, Dashboard dashboard) {
        assertThat(child).as("child of " + dashboard.getMetadata().getName()).isNotNull();
        assertThat(child.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Dashboard");
            assertThat(o.getUid()).isEqualTo(dashboard.getMetadata().getUid());
            assertThat(o.getController()).isTrue();
        });
    }

    private static Dashboard dashboard(String name) {
        return client().resources(Dashboard.class).inNamespace(NS).withName(name).get();
    }

    private static GenericKubernetesResource generic(String apiVersion, String kind, String name) {
        return client().genericKubernetesResources(apiVersion, kind).inNamespace(NS).withName(name).get();
    }

    private static String pipeline(String name, String team) {
        return """
                apiVersion: tributary.dev/v1alpha1
                kind: Pipeline
                metadata: {name: %s, labels: {team: %s}}
                spec:
                  sources: [clicks]
                  sinks: [out]
                  sql: INSERT INTO out SELECT * FROM clicks
                ---
                """.formatted(name, team);
    }

    private static void removeUpstreamCrds() {
        UpstreamCrds.remove(cluster);
    }

    private static KubernetesClient client() {
        return cluster.client();
    }
}
