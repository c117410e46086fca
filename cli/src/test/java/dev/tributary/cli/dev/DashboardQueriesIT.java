package dev.tributary.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.v1alpha1.Dashboard;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.local.Prometheus;
import dev.tributary.operator.dashboard.build.AlertRules;
import dev.tributary.operator.dashboard.build.Panel;
import dev.tributary.operator.dashboard.build.PipelinePanels;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
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
 * Every query of the generated dashboard and every alert expression, in a real Prometheus that scrapes a real
 * running pipeline: the clickstream sample under {@code tributary dev} (the runtime on a MiniCluster, its Prometheus
 * reporter on a local port), with 5 s checkpoints and a sink whose user_id may hold 3 characters, so most sessions are
 * dead-lettered. The scrape adds the labels the PodMonitor's relabelling gives in a cluster (namespace, pipeline).
 * Each expression must parse; each panel's must return series, except those named in {@link #NEEDS_MORE} with the
 * reason. Then the real Prometheus fires the dead-letter alert, and, once the job is stopped, the not-running alert
 * (its {@code for} shortened to 10 s here; the generated rules wait 5 minutes).
 */
class DashboardQueriesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = Path.of(System.getProperty("tributary.repo", "..")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of("target", "dashboard-queries-it").toAbsolutePath();
    private static final Duration LIMIT = Duration.ofMinutes(10); // generous: eight builds may share two cores

    /** Panel queries this scenario cannot fill, and why. */
    static final Map<String, String> NEEDS_MORE = Map.of(
            "TaskManagers/B", "the chosen replicas come from kube-state-metrics, which only a cluster has");

    @Test
    void everyPanelQueryReturnsSeriesFromARealPipelineAndTheAlertsFire() throws Exception {
        TestFiles.delete(WORK);
        Path sample = copyClickstream();
        Pipeline pipeline = read(sample, "Pipeline", Pipeline.class);
        Dashboard dashboard = read(sample, "Dashboard", Dashboard.class);
        try (DevProcess dev = DevProcess.start(WORK, sample.toString(), "--rate", "400")) {
            dev.awaitLine("flink: web UI", LIMIT);
            Matcher port = Pattern.compile("metrics http://127\\.0\\.0\\.1:(\\d+)/metrics").matcher(String.join("\n",
                    dev.stdout()));
            assertThat(port.find()).as(dev.describe()).isTrue();
            Files.writeString(Files.createDirectories(WORK.resolve("prometheus")).resolve("rules.yml"),
                    Serialization.asYaml(Map.of("groups", shortened(AlertRules.groups(dashboard.getSpec().alerts,
                            List.of(pipeline))))));
            try (Prometheus prometheus = Prometheus.start(WORK.resolve("prometheus"), """
                    global: {scrape_interval: 2s, evaluation_interval: 2s}
                    rule_files: [rules.yml]
                    scrape_configs:
                      - job_name: tributary-dev
                        static_configs:
                          - targets: ['127.0.0.1:%s']
                            labels: {namespace: shop, pipeline: sessionize}
                    """.formatted(port.group(1)))) {
                awaitSeries(prometheus, "flink_jobmanager_job_numberOfCompletedCheckpoints > 0", dev);
                awaitSeries(prometheus, "flink_taskmanager_job_task_operator_tributary_sink_deadLetters > 0", dev);
                Thread.sleep(10_000); // rates need a few scrapes after the first dead letter

                List<String> empty = new ArrayList<>();
                PipelinePanels.rows(300).forEach((row, panels) -> {
                    for (Panel panel : panels) {
                        char ref = 'A';
                        for (Panel.Query query : panel.queries()) {
                            String id = panel.title() + "/" + ref++;
                            int series = seriesWithin(prometheus, concrete(query.expr()), id, Duration.ofSeconds(20));
                            System.out.printf("[panel] %-12s %-32s %3d series  %s%n", row, id, series,
                                    NEEDS_MORE.getOrDefault(id, ""));
                            if (series == 0 && !NEEDS_MORE.containsKey(id)) {
                                empty.add(id + ": " + concrete(query.expr()));
                            }
                        }
                    }
                });
                assertThat(empty).as("panel queries without data").isEmpty();
                for (Map<String, Object> rule : rules(dashboard, pipeline)) {
                    System.out.printf("[alert] %-32s %3d series now%n", rule.get("alert"),
                            series(prometheus, (String) rule.get("expr"), (String) rule.get("alert")));
                }
                awaitFiring(prometheus, AlertRules.DEAD_LETTERS, dev);

                dev.interrupt();
                assertThat(dev.exitCode(Duration.ofMinutes(1))).as(dev.describe()).isEqualTo(130);
                awaitFiring(prometheus, AlertRules.NOT_RUNNING, dev);
            }
        }
    }

    /** The dashboard's variables as Grafana fills them for this one Pipeline. */
    static String concrete(String expr) {
        return expr.replace("$namespace", "shop").replace("$pipeline", "sessionize").replace("$__rate_interval", "30s");
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
    private static int seriesWithin(Prometheus prometheus, String expr, String what, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        int series = series(prometheus, expr, what);
        while (series == 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            series = series(prometheus, expr, what);
        }
        if (series == 0) {
            System.out.println("[panel] no series for " + expr + ": " + prometheus.query(expr).body());
        }
        return series;
    }

    private static void awaitSeries(Prometheus prometheus, String expr, DevProcess dev) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (series(prometheus, expr, expr) > 0) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no series for " + expr + " within " + LIMIT + "\n" + dev.describe());
    }

    private static void awaitFiring(Prometheus prometheus, String alert, DevProcess dev) throws Exception {
        awaitSeries(prometheus, "ALERTS{alertname=\"" + alert + "\", alertstate=\"firing\", pipeline=\"sessionize\"}", dev);
        System.out.printf("[alert] %s firing%n", alert);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(Dashboard dashboard, Pipeline pipeline) {
        return (List<Map<String, Object>>) AlertRules.groups(dashboard.getSpec().alerts, List.of(pipeline)).get(0)
                .get("rules");
    }

    /** The same groups with every {@code for} at 10 s, so a test sees an alert fire within seconds. */
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

    private static <T> T read(Path sample, String kind, Class<T> type) throws IOException {
        for (String doc : Files.readString(sample.resolve("clickstream.yaml")).split("(?m)^---$")) {
            if (doc.contains("\nkind: " + kind + "\n")) {
                return Serialization.unmarshal(doc, type);
            }
        }
        throw new AssertionError("no " + kind + " in the clickstream sample");
    }
}
