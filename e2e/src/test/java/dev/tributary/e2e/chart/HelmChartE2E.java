package dev.tributary.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.e2e.cluster.ReadyCondition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.e2e.cluster.TestDirs;
import dev.tributary.e2e.operator.OperatorProcess;
import dev.tributary.local.KafkaBroker;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Helm chart against the real control plane: lint, templates accepted by the API server without a warning
 * (restricted PodSecurity included), bad values refused naming the field, then a real install in watchNamespaces
 * mode with the operator running as the chart's ServiceAccount (a token the API server issued, the chart's own
 * environment) through a topic and a Pipeline scenario; what the ServiceAccount must not do; an upgrade that changes
 * a CRD and a value; and an uninstall that leaves topics, checkpoint volumes and savepoints in place.
 */
@ClusterTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmChartE2E {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String RELEASE = "tributary";
    private static final String SYSTEM = "chart-system";
    private static final String SHOP = "chart-shop";
    private static final String BILLING = "chart-billing";
    private static final String OUTSIDE = "chart-outside";
    private static final String SA = "system:serviceaccount:" + SYSTEM + ":tributary";
    private static final String IMAGE = "registry.invalid/tributary/pipeline-runtime";
    private static final ObjectMapper YAML = new YAMLMapper();

    private static TestCluster cluster;
    private static Helm helm;
    private static Path work;
    private static KafkaBroker kafka;
    private static Admin admin;
    private static OperatorProcess operator;

    @BeforeAll
    static void start() throws IOException {
        cluster = Clusters.shared();
        work = Clusters.workDir().resolve("helm-chart-e2e");
        TestDirs.deleteRecursively(work); // partitions and files are asserted: nothing from an earlier run
        Files.createDirectories(work);
        helm = new Helm(cluster, work.resolve("helm-home"));
        // As a user who installed the CRDs by hand before (kubectl apply -f crds/), the way README says to adopt.
        cluster.installCrds();
        for (String ns : List.of(SYSTEM, SHOP, BILLING, OUTSIDE)) {
            cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                    .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                    .addToLabels("pod-security.kubernetes.io/warn", "restricted").endMetadata().build())
                    .serverSideApply();
        }
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (cluster != null) {
            cleanUp();
        }
    }

    @Test
    void lintPassesForEveryValueSet() {
        for (List<String> values : valueSets()) {
            List<String> args = new ArrayList<>(List.of("lint", "--strict", chart().toString()));
            args.addAll(values);
            CommandResult lint = helm.succeed(args.toArray(String[]::new));
            assertThat(lint.stdout()).as(lint.describe()).contains("0 chart(s) failed").doesNotContain("[WARNING]",
                    "[ERROR]");
        }
    }

    @Test
    @Order(2) // before 5 to 8, one sequence (install, check, upgrade, uninstall) that changes the CRDs
    void everyValueSetIsAcceptedByTheApiServerWithoutAWarning() throws IOException {
        int set = 0;
        for (List<String> values : valueSets()) {
            String rendered = template(values);
            Path file = work.resolve("rendered-" + (set++) + ".yaml");
            Files.writeString(file, rendered);
            CommandResult dryRun = cluster.kubectl("apply", "--dry-run=server", "-f", file.toString());
            assertThat(dryRun.succeeded()).as(dryRun.describe()).isTrue();
            assertThat(dryRun.stderr()).as("warnings of " + values + "\n" + dryRun.describe()).isBlank();
            assertThat(kinds(rendered)).contains("ServiceAccount", "Deployment", "Role", "RoleBinding");
        }
    }

    @Test
    void watchNamespacesModeGivesNoClusterWideAccessToNamespacedObjects() throws IOException {
        List<JsonNode> docs = documents(template(List.of("--set", "kafka.bootstrapServers=kafka:9092",
                "--set", "watchNamespaces={" + SHOP + "," + BILLING + "}")));
        List<JsonNode> clusterRoles = docs.stream().filter(d -> "ClusterRole".equals(d.path("kind").asText())).toList();
        assertThat(clusterRoles).hasSize(1);
        for (JsonNode rule : clusterRoles.get(0).path("rules")) {
            assertThat(texts(rule.path("resources"))).containsExactly("namespaces");
            assertThat(texts(rule.path("verbs"))).containsExactly("get");
            assertThat(texts(rule.path("resourceNames"))).containsExactlyInAnyOrder(SHOP, BILLING);
        }
        assertThat(docs.stream().filter(d -> "Role".equals(d.path("kind").asText()))
                .map(d -> d.path("metadata").path("namespace").asText()))
                .containsExactlyInAnyOrder(SHOP, BILLING, SYSTEM);

        List<JsonNode> clusterWide = documents(template(List.of("--set", "kafka.bootstrapServers=kafka:9092")));
        JsonNode role = clusterWide.stream().filter(d -> "ClusterRole".equals(d.path("kind").asText())).findFirst()
                .orElseThrow();
        assertThat(role.path("rules").toString()).contains("secrets", "pipelines/status", "deployments");
        for (JsonNode rule : role.path("rules")) {
            if (texts(rule.path("resources")).contains("secrets")) {
                assertThat(texts(rule.path("verbs"))).as("Secrets: get only").containsExactly("get");
            }
        }
        JsonNode monitor = documents(template(List.of("--set", "kafka.bootstrapServers=kafka:9092", "--set",
                "serviceMonitor.enabled=true"))).stream().filter(d -> "ServiceMonitor".equals(d.path("kind").asText()))
                .findFirst().orElseThrow();
        assertThat(monitor.path("spec").path("endpoints").get(0).path("path").asText()).isEqualTo("/q/metrics");
        assertThat(monitor.path("spec").path("endpoints").get(0).path("port").asText()).isEqualTo("http");
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("--set-string", "replicas=two"), "replicas: Invalid type. Expected: integer");
        cases.put(List.of("--set", "replicas=0"), "replicas: Must be greater than or equal to 1");
        cases.put(List.of("--set", "kafka.securityProtocol=TLS"), "kafka.securityProtocol: kafka.securityProtocol must be one of");
        cases.put(List.of("--set", "watchNamespaces={Shop_Team}"), "watchNamespaces.0: Does not match pattern");
        cases.put(List.of("--set", "resyncPeriod=2 minutes"), "resyncPeriod: Does not match pattern");
        cases.put(List.of("--set", "replica=3"), "Additional property replica is not allowed");
        cases.put(List.of("--set", "image.pullPolicy=Sometimes"), "image.pullPolicy: image.pullPolicy must be one of");
        cases.put(List.of("--set", "kafka.bootstrapServers=kafka"), "kafka.bootstrapServers: Does not match pattern");
        cases.put(List.of("--set", "leaderElection.enabled=false"),
                "replicas: more than one operator replica needs leaderElection.enabled=true");
        cases.put(List.of("--set", "kafka.securityProtocol=SASL_SSL"),
                "kafka.credentialsSecret is required with kafka.securityProtocol SASL_SSL");
        cases.forEach((values, expected) -> {
            List<String> args = new ArrayList<>(List.of("template", RELEASE, chart().toString(), "-n", SYSTEM,
                    "--set", "kafka.bootstrapServers=kafka:9092"));
            args.addAll(values);
            CommandResult result = helm.run(args.toArray(String[]::new));
            assertThat(result.succeeded()).as(values + " must be refused").isFalse();
            assertThat(result.stderr()).as(result.describe()).contains(expected);
        });
        CommandResult missing = helm.run("template", RELEASE, chart().toString(), "-n", SYSTEM);
        assertThat(missing.succeeded()).isFalse();
        assertThat(missing.stderr()).contains("kafka.bootstrapServers is required");
    }

    @Test
    @Order(5)
    void installedTheOperatorRunsAsItsServiceAccountThroughATopicAndAPipelineScenario() throws Exception {
        kafka = KafkaBroker.start(Files.createDirectories(work.resolve("kafka")));
        admin = kafka.admin();
        adoptCrds();
        helm.succeed(install("install"));

        await().atMost(TIMEOUT).alias("2 operator pods admitted under restricted PodSecurity and Running")
                .until(() -> cluster.client().pods().inNamespace(SYSTEM).withLabel("app.kubernetes.io/name",
                        "tributary-operator").list().getItems().stream()
                        .filter(p -> "Running".equals(p.getStatus().getPhase())).count() == 2);
        Deployment deployment = cluster.client().apps().deployments().inNamespace(SYSTEM).withName(RELEASE).get();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        Map<String, String> env = environmentOf(deployment);
        assertThat(env).containsEntry("TRIBUTARY_WATCH_NAMESPACES", SHOP + "," + BILLING)
                .containsEntry("TRIBUTARY_LEADER_ELECTION_ENABLED", "true")
                .containsEntry("TRIBUTARY_LEASE_NAMESPACE", SYSTEM).containsEntry("TRIBUTARY_OPERATOR_NAMESPACE", SYSTEM);

        long started = System.nanoTime();
        operator = new OperatorProcess(serviceAccountKubeconfig(), env, work.resolve("operator.log")).start();
        System.out.printf("[measure] operator as the chart's ServiceAccount ready in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        for (String probe : List.of("/q/health/started", "/q/health/live", "/q/health/ready", "/q/metrics")) {
            HttpResponse<String> response = get(probe);
            assertThat(response.statusCode()).as(probe).isEqualTo(200);
        }

        // Topic scenario: a Source (deletionPolicy Delete: recorded in the topic ledger) and a Kafka Sink become
        // topics; partitions grow.
        cluster.apply(SHOP, source("clicks", "{partitions: 2, deletionPolicy: Delete}") + sink("sessions"));
        awaitReady("source", SHOP, "clicks", "True", "TopicReady");
        awaitReady("sink", SHOP, "sessions", "True", "TopicReady");
        assertThat(partitions(SHOP + ".clicks")).isEqualTo(2);
        assertThat(cluster.kubectl("get", "source", "clicks", "-n", SHOP, "-o", "jsonpath={.metadata.finalizers}")
                .stdout()).as("no finalizer: nothing waits for the operator").isBlank();
        await().atMost(TIMEOUT).until(() -> cluster.kubectl("get", "configmap", "tributary-topic-ledger", "-n", SYSTEM,
                "-o", "jsonpath={.data}").stdout().contains(SHOP + ".clicks"));
        cluster.apply(SHOP, source("clicks", "{partitions: 3, deletionPolicy: Delete}"));
        await().atMost(TIMEOUT).until(() -> partitions(SHOP + ".clicks") == 3);

        // Pipeline scenario: every child, a retained checkpoint volume, the dead-letter topic, events and status.
        cluster.client().persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata()
                .withName("chart-shop-checkpoints").endMetadata().withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("1Gi"))).withAccessModes("ReadWriteOnce")
                .withStorageClassName("chart-static").withNewHostPath().withPath(savepoints().getParent().toString())
                .endHostPath().endSpec().build()).serverSideApply();
        cluster.apply(SHOP, pipeline("sessionize", "clicks", "sessions"));
        String unreachable = awaitReady("pipeline", SHOP, "sessionize", "False", "JobManagerUnreachable");
        assertThat(unreachable).contains("sessionize-jobmanager." + SHOP + ".svc");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(children(SHOP)).containsExactlyInAnyOrder(
                "configmap/sessionize-plan", "service/sessionize-jobmanager", "deployment.apps/sessionize-jobmanager",
                "deployment.apps/sessionize-taskmanager", "persistentvolumeclaim/sessionize-checkpoints",
                "poddisruptionbudget.policy/sessionize", "networkpolicy.networking.k8s.io/sessionize"));
        await().atMost(TIMEOUT).until(() -> "Bound".equals(claim().getStatus().getPhase()));
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(SHOP + ".sessionize.dlq");
        assertThat(cluster.kubectl("get", "events", "-n", SHOP, "-o", "name", "--field-selector", "reason=Created")
                .stdout()).as("events written as the ServiceAccount").isNotBlank();

        // A namespace that is not watched is left alone, and nothing the operator asked for was forbidden.
        cluster.apply(OUTSIDE, source("ignored", "{partitions: 1}"));
        Thread.sleep(5000);
        assertThat(cluster.kubectl("get", "source", "ignored", "-n", OUTSIDE, "-o", "jsonpath={.status}").stdout())
                .as("no status outside the watched namespaces").isBlank();
        assertThat(Files.readString(operator.log()).toLowerCase()).doesNotContain("forbidden");
        assertThat(get("/q/metrics").body()).as("what the ServiceMonitor scrapes").contains(
                "operator_sdk_reconciliations_executions_pipeline", "operator_sdk_events_received_total");
    }

    @Test
    @Order(6)
    void theServiceAccountCannotDoWhatItMustNot() {
        Map<String, List<String>> denied = new LinkedHashMap<>();
        denied.put("read Secrets outside the watched namespaces", List.of("get", "secrets", "-n", OUTSIDE));
        denied.put("read Secrets in its own namespace (no default-cluster Secret named)", List.of("get", "secrets", "-n", SYSTEM));
        denied.put("list Secrets where it may get them", List.of("list", "secrets", "-n", SHOP));
        denied.put("write Secrets", List.of("create", "secrets", "-n", SHOP));
        denied.put("change Secrets", List.of("update", "secrets", "-n", SHOP));
        denied.put("delete Secrets", List.of("delete", "secrets", "-n", SHOP));
        denied.put("delete namespaces", List.of("delete", "namespaces/" + SHOP));
        denied.put("read namespaces it does not watch", List.of("get", "namespaces/" + OUTSIDE));
        denied.put("list Pipelines cluster-wide", List.of("list", "pipelines", "--all-namespaces"));
        denied.put("read Pipelines outside", List.of("get", "pipelines", "-n", OUTSIDE));
        denied.put("delete Pipelines", List.of("delete", "pipelines", "-n", SHOP));
        denied.put("change Pipeline specs", List.of("update", "pipelines", "-n", SHOP));
        denied.put("touch CRDs", List.of("patch", "customresourcedefinitions"));
        denied.put("touch other operators' kinds", List.of("get", "flinkdeployments.flink.apache.org", "-n", SHOP));
        denied.put("touch Strimzi topics", List.of("create", "kafkatopics.kafka.strimzi.io", "-n", SHOP));
        denied.put("delete Deployments", List.of("delete", "deployments", "-n", SHOP));
        denied.put("read pods", List.of("get", "pods", "-n", SHOP));
        denied.put("exec into pods", List.of("create", "pods", "--subresource=exec", "-n", SHOP));
        denied.put("delete checkpoint volumes", List.of("delete", "persistentvolumeclaims", "-n", SHOP));
        denied.put("take another Lease", List.of("update", "leases/someone-else", "-n", SYSTEM));
        denied.put("patch another Lease", List.of("patch", "leases/someone-else", "-n", SYSTEM));
        denied.put("hold a Lease outside its namespace", List.of("create", "leases", "-n", SHOP));
        denied.put("grant itself more", List.of("create", "rolebindings", "-n", SHOP));
        denied.put("change other ConfigMaps in its namespace", List.of("update", "configmaps/someone-else", "-n",
                SYSTEM));
        Map<String, List<String>> allowed = new LinkedHashMap<>();
        allowed.put("read Secrets in a watched namespace", List.of("get", "secrets", "-n", BILLING));
        allowed.put("write Pipeline status", List.of("patch", "pipelines", "--subresource=status", "-n", SHOP));
        allowed.put("apply Deployments", List.of("patch", "deployments", "-n", BILLING));
        allowed.put("create its Lease", List.of("create", "leases", "-n", SYSTEM));
        allowed.put("renew its Lease", List.of("update", "leases/tributary-operator", "-n", SYSTEM));
        allowed.put("renew its Lease by a patch", List.of("patch", "leases/tributary-operator", "-n", SYSTEM));
        allowed.put("read a watched namespace", List.of("get", "namespaces/" + SHOP));
        allowed.put("keep its topic ledger", List.of("update", "configmaps/tributary-topic-ledger", "-n", SYSTEM));
        denied.forEach((what, args) -> assertThat(canI(args)).as("must not " + what + ": " + args).isEqualTo("no"));
        allowed.forEach((what, args) -> assertThat(canI(args)).as("must " + what + ": " + args).isEqualTo("yes"));
    }

    @Test
    @Order(7)
    void anUpgradeAppliesAChangedCrdAndAChangedValue() throws Exception {
        Path changed = work.resolve("chart-next/tributary");
        copyChart(chart(), changed);
        Path pipelineCrd = changed.resolve("files/crds/pipelines.tributary.dev-v1.yml");
        Files.writeString(pipelineCrd, Files.readString(pipelineCrd).replaceFirst("  - additionalPrinterColumns:\n",
                "  - additionalPrinterColumns:\n    - jsonPath: \".status.planHash\"\n      name: \"Plan\"\n"
                        + "      priority: 1\n      type: \"string\"\n"));
        String uid = cluster.client().resources(dev.tributary.api.v1alpha1.Pipeline.class).inNamespace(SHOP)
                .withName("sessionize").get().getMetadata().getUid();

        helm.succeed(install("upgrade", changed, "--set", "resyncPeriod=7s"));
        assertThat(printerColumns()).contains("Plan");
        assertThat(environmentOf(cluster.client().apps().deployments().inNamespace(SYSTEM).withName(RELEASE).get()))
                .containsEntry("TRIBUTARY_RESYNC_PERIOD", "7s");
        assertThat(cluster.kubectl("get", "pipelines", "-n", SHOP, "-o", "wide").stdout()).contains("PLAN");
        assertThat(cluster.client().resources(dev.tributary.api.v1alpha1.Pipeline.class).inNamespace(SHOP)
                .withName("sessionize").get().getMetadata().getUid()).as("the Pipeline outlives the CRD upgrade")
                .isEqualTo(uid);
        awaitReady("source", SHOP, "clicks", "True", "TopicReady");

        helm.succeed(install("upgrade", chart()));
        assertThat(printerColumns()).as("back to the committed CRD").doesNotContain("Plan");
        assertThat(environmentOf(cluster.client().apps().deployments().inNamespace(SYSTEM).withName(RELEASE).get()))
                .containsEntry("TRIBUTARY_RESYNC_PERIOD", "3s");
    }

    @Test
    @Order(8)
    void uninstallLeavesTopicsCheckpointVolumesAndSavepointsInPlace() throws Exception {
        Path savepoint = savepoints().resolve("savepoint-0a1b2c-3d4e5f/_metadata");
        Files.createDirectories(savepoint.getParent());
        Files.writeString(savepoint, "stands for what Flink wrote at the last stop-with-savepoint");
        String claimUid = claim().getMetadata().getUid();

        helm.succeed("uninstall", RELEASE, "-n", SYSTEM, "--wait", "--timeout", "2m");
        operator.kill(); // its pods are gone with the Deployment
        assertThat(cluster.client().apps().deployments().inNamespace(SYSTEM).withName(RELEASE).get()).isNull();
        assertThat(cluster.client().serviceAccounts().inNamespace(SYSTEM).withName(RELEASE).get()).isNull();
        assertThat(cluster.kubectl("get", "crd", "sources.tributary.dev", "sinks.tributary.dev",
                "pipelines.tributary.dev", "dashboards.tributary.dev").succeeded()).as("CRDs kept").isTrue();
        assertThat(cluster.kubectl("get", "source/clicks", "sink/sessions", "pipeline/sessionize", "-n", SHOP)
                .succeeded()).as("resources kept").isTrue();
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).as("topics kept, even deletionPolicy Delete")
                .contains(SHOP + ".clicks", SHOP + ".sessions", SHOP + ".sessionize.dlq");
        PersistentVolumeClaim claim = claim();
        assertThat(claim.getMetadata().getUid()).isEqualTo(claimUid);
        assertThat(claim.getStatus().getPhase()).isEqualTo("Bound");
        assertThat(claim.getMetadata().getDeletionTimestamp()).isNull();
        assertThat(cluster.client().persistentVolumes().withName("chart-shop-checkpoints").get()).isNotNull();
        assertThat(savepoint).as("savepoints on the checkpoint volume").exists();
    }

    // --- helpers ---

    private static Path chart() {
        return ChartFiles.directory();
    }

    /** Value sets covering both RBAC modes, the default Kafka cluster's Secrets, and the optional objects. */
    private static List<List<String>> valueSets() {
        return List.of(
                List.of("-n", SYSTEM, "--set", "kafka.bootstrapServers=kafka:9092"),
                List.of("-n", SYSTEM, "--set", "kafka.bootstrapServers=kafka-0.kafka:9093\\,kafka-1.kafka:9093",
                        "--set", "watchNamespaces={" + SHOP + "," + BILLING + "}", "--set", "kafka.securityProtocol=SASL_SSL",
                        "--set", "kafka.credentialsSecret=kafka-user", "--set", "kafka.caCertificate.secret=kafka-ca",
                        "--set", "pipelines.metricsNamespaces={monitoring}"),
                List.of("-n", SYSTEM, "--set", "kafka.bootstrapServers=kafka:9092", "--set", "crds.install=false",
                        "--set", "service.enabled=true", "--set", "replicas=3", "--set", "rbac.dashboards=false",
                        "--set", "logLevel=DEBUG", "--set", "resources.limits.cpu=1"));
    }

    private static String template(List<String> values) {
        List<String> args = new ArrayList<>(List.of("template", RELEASE, chart().toString()));
        if (!values.contains("-n")) {
            args.addAll(List.of("-n", SYSTEM));
        }
        args.addAll(values);
        return helm.succeed(args.toArray(String[]::new)).stdout();
    }

    private static String[] install(String verb) {
        return install(verb, chart());
    }

    private static String[] install(String verb, Path chart, String... more) {
        List<String> args = new ArrayList<>(List.of(verb, RELEASE, chart.toString(), "-n", SYSTEM,
                "--set", "kafka.bootstrapServers=" + kafka.bootstrapServers(),
                "--set", "watchNamespaces={" + SHOP + "," + BILLING + "}",
                "--set", "resyncPeriod=3s", "--set", "pipelines.image.repository=" + IMAGE));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** README's step for CRDs applied by hand before: hand them to the release. */
    private static void adoptCrds() {
        for (String crd : List.of("sources", "sinks", "pipelines", "dashboards")) {
            String name = "crd/" + crd + ".tributary.dev";
            assertThat(cluster.kubectl("label", name, "--overwrite", "app.kubernetes.io/managed-by=Helm").succeeded())
                    .isTrue();
            assertThat(cluster.kubectl("annotate", name, "--overwrite", "meta.helm.sh/release-name=" + RELEASE,
                    "meta.helm.sh/release-namespace=" + SYSTEM).succeeded()).isTrue();
        }
    }

    /** The container's environment as the kubelet would give it: fieldRef metadata.namespace resolved. */
    private static Map<String, String> environmentOf(Deployment deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            } else if ("metadata.namespace".equals(var.getValueFrom().getFieldRef().getFieldPath())) {
                env.put(var.getName(), deployment.getMetadata().getNamespace());
            }
        }
        return env;
    }

    /** A kubeconfig with a token the API server issues for the chart's ServiceAccount (TokenRequest). */
    private static Path serviceAccountKubeconfig() throws IOException {
        CommandResult token = cluster.kubectl("create", "token", RELEASE, "-n", SYSTEM, "--duration=2h");
        assertThat(token.succeeded()).as(token.describe()).isTrue();
        Config admin = Config.fromKubeconfig(Files.readString(cluster.kubeconfig()));
        String ca = admin.getCaCertData() != null ? admin.getCaCertData()
                : Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(admin.getCaCertFile())));
        Path file = work.resolve("operator-sa.kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: e2e
                    cluster: {server: "%s", certificate-authority-data: "%s"}
                users:
                  - name: tributary
                    user: {token: "%s"}
                contexts:
                  - name: tributary
                    context: {cluster: e2e, user: tributary, namespace: %s}
                current-context: tributary
                """.formatted(admin.getMasterUrl(), ca, token.stdout().trim(), SYSTEM));
        return file;
    }

    private static String canI(List<String> args) {
        List<String> command = new ArrayList<>(List.of("auth", "can-i"));
        command.addAll(args);
        command.add("--as=" + SA);
        return cluster.kubectl(command.toArray(String[]::new)).stdout().trim();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + operator.httpPort() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int partitions(String topic) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic);
        return description.partitions().size();
    }

    private static PersistentVolumeClaim claim() {
        return cluster.client().persistentVolumeClaims().inNamespace(SHOP).withName("sessionize-checkpoints").get();
    }

    /** The static checkpoint volume's hostPath holds what the volume holds; savepoints go under savepoints/. */
    private static Path savepoints() {
        return work.resolve("checkpoint-volume/savepoints");
    }

    private static String printerColumns() {
        return cluster.kubectl("get", "crd", "pipelines.tributary.dev", "-o",
                "jsonpath={.spec.versions[0].additionalPrinterColumns[*].name}").stdout();
    }

    private static List<String> children(String ns) {
        CommandResult result = cluster.kubectl("get", "configmaps,services,deployments,persistentvolumeclaims,"
                + "poddisruptionbudgets,networkpolicies", "-n", ns, "-l", "app.kubernetes.io/managed-by=tributary-operator",
                "-o", "name");
        assertThat(result.succeeded()).as(result.describe()).isTrue();
        return result.stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    private static String awaitReady(String kind, String ns, String name, String status, String reason) {
        return ReadyCondition.await(cluster, kind, ns, name, status, reason, TIMEOUT);
    }

    private static String source(String name, String topic) {
        return "apiVersion: tributary.dev/v1alpha1\nkind: Source\nmetadata: {name: " + name + "}\nspec:\n"
                + "  topic: " + topic + "\n  format: json\n"
                + "  schema: {fields: [{name: user_id, type: STRING}, {name: url, type: STRING}]}\n---\n";
    }

    private static String sink(String name) {
        return "apiVersion: tributary.dev/v1alpha1\nkind: Sink\nmetadata: {name: " + name + "}\nspec:\n"
                + "  kafka: {topic: {partitions: 2}}\n---\n";
    }

    private static String pipeline(String name, String source, String sink) {
        return "apiVersion: tributary.dev/v1alpha1\nkind: Pipeline\nmetadata: {name: " + name + "}\nspec:\n"
                + "  sources: [" + source + "]\n  sinks: [" + sink + "]\n"
                + "  sql: INSERT INTO `" + sink + "` SELECT user_id, url FROM `" + source + "`\n"
                + "  checkpoints: {storage: {volume: {size: 1Gi, storageClassName: chart-static}}}\n---\n";
    }

    private static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static List<String> kinds(String yaml) throws IOException {
        return documents(yaml).stream().map(d -> d.path("kind").asText()).distinct().toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static void copyChart(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Leaves nothing for later suites' operators (which watch every namespace) to reconcile: the static volume would
     * otherwise outlive the namespace.
     */
    private static void cleanUp() {
        for (String ns : List.of(SHOP, BILLING, OUTSIDE, SYSTEM)) {
            cluster.kubectl("delete", "namespace", ns, "--wait=false", "--ignore-not-found");
        }
        cluster.kubectl("delete", "pv", "chart-shop-checkpoints", "--wait=false", "--ignore-not-found");
        helm.run("uninstall", RELEASE, "-n", SYSTEM, "--ignore-not-found");
    }
}
