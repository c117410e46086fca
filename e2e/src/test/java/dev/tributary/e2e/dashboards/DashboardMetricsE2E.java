package dev.tributary.e2e.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.e2e.cluster.TestDirs;
import dev.tributary.e2e.cluster.UpstreamCrds;
import dev.tributary.e2e.operator.OperatorProcess;
import dev.tributary.local.Prometheus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Both generated dashboards and every alert against a real Prometheus that scrapes a real running pipeline and the
 * real operator. The pipeline: the clickstream sample under {@code tributary dev} (the runtime on a Flink
 * MiniCluster, a KRaft broker), with 5 s checkpoints and a sink whose user_id may hold 3 characters, so most sessions
 * are dead-lettered; the scrape adds the labels the PodMonitor's relabelling gives in a cluster (namespace, pipeline).
 * The operator: its own process against the control plane, reconciling the same sample in its own namespace (Kafka:
 * dev's broker; the Pipeline's pods are kwok's, so its JobManager never answers). The Pipeline dashboard is the JSON
 * the operator wrote into the Dashboard's ConfigMap, the rules those of its PrometheusRule, the operator dashboard
 * the chart's file. Every query must parse and return series, except those named in {@link #NEEDS_MORE} with the
 * reason; the alerts that stay quiet in a healthy run are named in {@link #QUIET}. Then the real Prometheus fires the
 * dead-letter alert, the panels are drawn from its data into target/dashboards/*.png, and once the job is stopped the
 * not-running alert fires (every {@code for} shortened to 10 s here).
 */
@ClusterTest
class DashboardMetricsE2E {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path WORK = Clusters.workDir().resolve("dashboard-metrics-e2e");
    private static final Path PICTURES = Path.of("target", "dashboards").toAbsolutePath();
    /** Not the sample's own namespace, which SamplesE2E creates on the same control plane. */
    private static final String NS = "dashboard-metrics";
    private static final Duration LIMIT = Duration.ofMinutes(10); // generous: eight builds may share two cores

    /** Panel queries this scenario cannot fill, and why. */
    static final Map<String, String> NEEDS_MORE = Map.of(
            "TaskManagers/C", "the autoscaler decides from the JobManager's metrics; the kwok pod serves none",
            "TaskManagers per Pipeline/B", "the autoscaler decides from the JobManager's metrics; the kwok pod"
                    + " serves none");

    /** Alerts whose condition a healthy run does not meet, and why. */
    static final Map<String, String> QUIET = Map.of(
            "TributaryPipelineLagHigh", "the pipeline keeps up: its backlog drains in far less than 300 s",
            "TributaryCheckpointsFailing", "no checkpoint fails",
            "TributaryNoCheckpointCompleted", "a checkpoint completes every 5 s",
            "TributaryJobNotRunning", "the job runs (the test stops it below, and it fires)",
            "TributaryJobRestarting", "the job does not restart",
            "TributaryAutoscalerAtMaximum", "one TaskManager runs of at most 6");

    @Test
    void everyPanelAndAlertQueryReturnsSeriesFromARealPipelineAndTheOperator() throws Exception {
        long started = System.currentTimeMillis();
        TestCluster cluster = Clusters.shared();
        cluster.installCrds();
        UpstreamCrds.install(cluster);
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata()
                .build()).serverSideApply();
        TestDirs.deleteRecursively(WORK);
        Path sample = copyClickstream();
        try (DevRun dev = DevRun.start(WORK.resolve("dev"), sample.toString(), "--rate", "400")) {
            // The operator starts while dev starts its MiniCluster: the broker comes first.
            String bootstrap = dev.await(Pattern.compile("kafka: KRaft broker on (\\S+)"), LIMIT);
            // Only this namespace: in the full suite the shared control plane holds hundreds of other suites'
            // resources, whose brokers are gone, and reconciling them kept this Pipeline waiting past the limit.
            try (OperatorProcess operator = new OperatorProcess(cluster.kubeconfig(), Map.of(
                    "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", bootstrap, "TRIBUTARY_RESYNC_PERIOD", "10s",
                    "TRIBUTARY_WATCH_NAMESPACES", NS),
                    WORK.resolve("operator.log")).start()) {
                String metricsPort = dev.await(Pattern.compile("metrics http://127\\.0\\.0\\.1:(\\d+)/metrics"),
                        LIMIT);
                String yaml = Files.readString(sample.resolve("clickstream.yaml"))
                        .replace("replicationFactor: 3", "replicationFactor: 1") // dev's broker is one
                        .replace("namespace: shop", "namespace: " + NS);
                assertThat(cluster.apply(NS, yaml).succeeded()).isTrue();
                JsonNode pipelineDashboard = JSON.readTree(awaitConfigMap(cluster).getData().values().iterator()
                        .next());
                List<Map<String, Object>> groups = awaitRuleGroups(cluster);
                JsonNode operatorDashboard = JSON.readTree(REPO.resolve("helm/tributary/dashboards/"
                        + "tributary-operator.json").toFile());
                Files.writeString(Files.createDirectories(WORK.resolve("prometheus")).resolve("rules.yml"),
                        new YAMLMapper().writeValueAsString(Map.of("groups", shortened(groups))));
                try (Prometheus prometheus = Prometheus.start(WORK.resolve("prometheus"), """
                        global: {scrape_interval: 2s, evaluation_interval: 2s}
                        rule_files: [rules.yml]
                        scrape_configs:
                          - job_name: tributary-dev
                            static_configs:
                              - targets: ['127.0.0.1:%s']
                                labels: {namespace: %s, pipeline: sessionize}
                          - job_name: tributary-operator
                            metrics_path: /q/metrics
                            static_configs:
                              - targets: ['127.0.0.1:%d']
                        """.formatted(metricsPort, NS, operator.httpPort()))) {
                    long promStarted = System.currentTimeMillis() / 1000;
                    awaitSeries(prometheus, "flink_jobmanager_job_numberOfCompletedCheckpoints > 1", dev);
                    awaitSeries(prometheus, "flink_taskmanager_job_task_operator_tributary_sink_deadLetters > 0", dev);
                    awaitSeries(prometheus, "tributary_operator_pipeline_phase{pipeline=\"sessionize\"} == 1", dev);
                    awaitSeries(prometheus, "tributary_operator_reconcile_seconds_count{kind=\"Dashboard\"} > 0", dev);
                    // status.replicas comes with a reconcile after the children are applied; slow on a loaded machine
                    awaitSeries(prometheus, "tributary_operator_pipeline_taskmanagers{pipeline=\"sessionize\"}", dev);
                    Thread.sleep(15_000); // rates and the operator's next resync need a few scrapes more

                    List<String> empty = new ArrayList<>();
                    for (JsonNode dashboard : List.of(pipelineDashboard, operatorDashboard)) {
                        for (PanelQuery query : PanelQuery.of(dashboard)) {
                            int series = seriesWithin(prometheus, concrete(query.expr()), query.id());
                            System.out.printf("[panel] %-22s %-12s %-36s %3d series  %s%n",
                                    dashboard.get("title").asText(), query.row(), query.id(), series,
                                    NEEDS_MORE.getOrDefault(query.id(), ""));
                            if (series == 0 && !NEEDS_MORE.containsKey(query.id())) {
                                empty.add(query.id() + ": " + concrete(query.expr()));
                            }
                        }
                    }
                    List<String> silent = new ArrayList<>();
                    for (Map<String, Object> rule : rules(groups)) {
                        String alert = (String) rule.get("alert");
                        int series = series(prometheus, (String) rule.get("expr"), alert);
                        System.out.printf("[alert] %-32s %3d series  %s%n", alert, series,
                                series == 0 ? QUIET.getOrDefault(alert, "") : "");
                        if (series == 0 && !QUIET.containsKey(alert)) {
                            silent.add(alert);
                        }
                    }
                    awaitFiring(prometheus, "TributaryDeadLetters", dev);
                    draw(prometheus, pipelineDashboard, promStarted, "pipeline-dashboard.png");
                    draw(prometheus, operatorDashboard, promStarted, "operator-dashboard.png");
                    assertThat(empty).as("panel queries without data").isEmpty();
                    assertThat(silent).as("alerts without series and without a reason").isEmpty();

                    assertThat(dev.interrupt(Duration.ofMinutes(1))).as(dev.describe()).isEqualTo(130);
                    awaitFiring(prometheus, "TributaryJobNotRunning", dev);
                    System.out.printf("[dashboard metrics] %d s%n", (System.currentTimeMillis() - started) / 1000);
                }
            }
        } finally {
            cluster.kubectl("delete", "namespace", NS, "--wait=false", "--ignore-not-found");
            UpstreamCrds.remove(cluster);
        }
    }

    /** The dashboards' variables as Grafana fills them for this one Pipeline. */
    static String concrete(String expr) {
        return expr.replace("$namespace", NS).replace("$pipeline", "sessionize").replace("$__rate_interval", "30s");
    }

    private static ConfigMap awaitConfigMap(TestCluster cluster) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            ConfigMap configMap = cluster.client().configMaps().inNamespace(NS).withName("clickstream-grafana").get();
            if (configMap != null) {
                return configMap;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the operator wrote no ConfigMap clickstream-grafana within " + LIMIT);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> awaitRuleGroups(TestCluster cluster) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            GenericKubernetesResource rule = cluster.client().genericKubernetesResources("monitoring.coreos.com/v1",
                    "PrometheusRule").inNamespace(NS).withName("clickstream-alerts").get();
            if (rule != null) {
                return (List<Map<String, Object>>) ((Map<String, Object>) rule.getAdditionalProperties().get("spec"))
                        .get("groups");
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the operator wrote no PrometheusRule clickstream-alerts within " + LIMIT);
    }

    private static int series(Prometheus prometheus, String expr, String what) {
        Prometheus.Response response = prometheus.query(expr);
        assertThat(response.status()).as(what + " must parse: " + expr + "\n" + response.body()).isEqualTo(200);
        try {
            return JSON.readTree(response.body()).at("/data/result").size();
        } catch (IOException e) {
            throw new AssertionError(response.body(), e);
        }
    }

    /** Series the query returns, asking again for a while when it returns none (a scrape may be due). */
    private static int seriesWithin(Prometheus prometheus, String expr, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int series = series(prometheus, expr, what);
        while (series == 0 && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            series = series(prometheus, expr, what);
        }
        return series;
    }

    private static void awaitSeries(Prometheus prometheus, String expr, DevRun dev) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (series(prometheus, expr, expr) > 0) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no series for " + expr + " within " + LIMIT + "\n" + dev.describe());
    }

    private static void awaitFiring(Prometheus prometheus, String alert, DevRun dev) throws Exception {
        awaitSeries(prometheus, "ALERTS{alertname=\"" + alert + "\", alertstate=\"firing\", pipeline=\"sessionize\"}",
                dev);
        System.out.printf("[alert] %s firing%n", alert);
    }

    /** Each panel drawn from query_range over the run, into target/dashboards/NAME. */
    private static void draw(Prometheus prometheus, JsonNode dashboard, long from, String name) throws IOException {
        long to = System.currentTimeMillis() / 1000;
        Map<String, DashboardPicture.PanelData> panels = new LinkedHashMap<>();
        for (PanelQuery query : PanelQuery.of(dashboard)) {
            DashboardPicture.PanelData panel = panels.computeIfAbsent(query.row() + "/" + query.panel(),
                    k -> new DashboardPicture.PanelData(query.row(), query.panel(), query.unit(), new ArrayList<>()));
            Prometheus.Response response = prometheus.get("/api/v1/query_range?query="
                    + URLEncoder.encode(concrete(query.expr()), StandardCharsets.UTF_8) + "&start=" + from + "&end="
                    + to + "&step=2");
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            for (JsonNode result : JSON.readTree(response.body()).at("/data/result")) {
                JsonNode values = result.get("values");
                double[] times = new double[values.size()];
                double[] samples = new double[values.size()];
                for (int i = 0; i < values.size(); i++) {
                    times[i] = values.get(i).get(0).asDouble();
                    samples[i] = Double.parseDouble(values.get(i).get(1).asText());
                }
                panel.series().add(new DashboardPicture.Series(legend(query.legend(), result.get("metric")), times,
                        samples));
            }
        }
        Path png = PICTURES.resolve(name);
        DashboardPicture.write(dashboard.get("title").asText() + " — drawn from a real Prometheus (Tributary test"
                + " renderer)", List.copyOf(panels.values()), png);
        System.out.println("[picture] " + png);
    }

    /** Grafana's legend format: each {{label}} replaced by the series' value of it. */
    static String legend(String format, JsonNode metric) {
        Matcher m = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}").matcher(format);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(metric.path(m.group(1)).asText("")));
        }
        m.appendTail(out);
        return out.toString().trim();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(List<Map<String, Object>> groups) {
        List<Map<String, Object>> rules = new ArrayList<>();
        groups.forEach(g -> rules.addAll((List<Map<String, Object>>) g.get("rules")));
        return rules;
    }

    /** The same groups with every {@code for} at 10 s, so the test sees an alert fire within seconds. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> shortened(List<Map<String, Object>> groups) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> group : groups) {
            Map<String, Object> copy = new LinkedHashMap<>(group);
            copy.put("rules", ((List<Map<String, Object>>) group.get("rules")).stream().map(rule -> {
                Map<String, Object> r = new LinkedHashMap<>(rule);
                if (r.containsKey("for")) {
                    r.put("for", "10s");
                }
                return r;
            }).toList());
            out.add(copy);
        }
        return out;
    }

    /** The clickstream sample with 5 s checkpoints and a sink that dead-letters user ids longer than 3 characters. */
    private static Path copyClickstream() throws IOException {
        Path target = Files.createDirectories(WORK.resolve("clickstream"));
        try (Stream<Path> files = Files.list(REPO.resolve("samples").resolve("clickstream"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        Path yaml = target.resolve("clickstream.yaml");
        String text = Files.readString(yaml);
        String sink = text.substring(text.indexOf("kind: Sink"));
        String changedSink = sink.replaceFirst("\\{name: user_id, type: STRING NOT NULL\\}",
                "{name: user_id, type: VARCHAR(3) NOT NULL}");
        Files.writeString(yaml, text.replace(sink, changedSink).replace("interval: 30s", "interval: 5s"));
        return target;
    }
}
