package dev.tributary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.e2e.crds.CrdInstall;
import dev.tributary.e2e.crds.InProcessValidator;
import dev.tributary.local.KafkaBroker;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checks only validate and the operator make (a Pipeline against the Sources and Sinks of its namespace, and its
 * SQL planned by Flink against their schemas): each cross-resource case ({@code cross-*.yaml}) and each SQL case
 * ({@code sql-*.yaml}) of validate's own corpus ({@code cli/src/test/resources/validate}, a Pipeline's problem) is
 * applied with kubectl to the real control plane with the operator running, and the Pipeline's Ready condition must
 * report the problem validate reports first, on the same field; a Dashboard's problem ({@code cross-dashboard-*}) is
 * compared with the Dashboard's Ready condition the same way. A Pipeline whose SQL is invalid deploys nothing; once
 * its SQL is fixed, its JobManager is deployed. Generator checks ({@code spec.generator}) are {@code dev}'s alone: the
 * cluster never runs generators, and {@code dev} refuses to start with validate's own findings (it runs the same
 * validator), so those cases are listed as dev-only, and every other case must be compared.
 */
@ClusterTest
class OperatorStatusAgreesWithValidateE2E {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final Pattern NAMESPACE = Pattern.compile("namespace: (\\w[-\\w]*)");
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private static TestCluster cluster;
    private static KafkaBroker kafka;
    private static OperatorProcess operator;
    /** The operator's resident memory before any Pipeline (and before Flink's planner is loaded), in MiB. */
    private static long residentAtStart;
    /** Pipelines whose SQL the operator planned. */
    private static final AtomicInteger PIPELINES = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        cluster = Clusters.shared();
        CrdInstall.ensureEstablished(cluster);
        Path work = Clusters.workDir().resolve("operator-status-agrees");
        kafka = KafkaBroker.start(Files.createDirectories(work.resolve("kafka")));
        operator = new OperatorProcess(cluster.kubeconfig(), Map.of(
                "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "TRIBUTARY_RESYNC_PERIOD", "3s",
                "TRIBUTARY_PIPELINE_IMAGE", "registry.invalid/tributary/pipeline-runtime:e2e"),
                work.resolve("operator.log")).start();
        residentAtStart = operator.residentMiB();
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            System.out.printf("[e2e] operator resident memory: %d MiB at start, %d MiB after %d Pipelines with their"
                    + " SQL planned by Flink%n", residentAtStart, operator.residentMiB(), PIPELINES.get());
            operator.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theOperatorsStatusReportsWhatValidateReportsOnTheSameField() throws Exception {
        Path corpus = Path.of(System.getProperty("tributary.samples.dir", "../samples"))
                .resolveSibling("cli").resolve("src/test/resources/validate");
        List<Path> cases;
        try (Stream<Path> files = Files.list(corpus)) {
            cases = files.sorted().filter(p -> (p.getFileName().toString().startsWith("cross-")
                    || p.getFileName().toString().startsWith("sql-")) && p.toString().endsWith(".yaml")).toList();
        }
        Path work = Files.createDirectories(Clusters.workDir().resolve("operator-status-agrees"));
        List<String> compared = new ArrayList<>();
        List<String> sqlCompared = new ArrayList<>();
        List<String> devOnly = new ArrayList<>();
        List<String> notCompared = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        Map<String, String> invalidSql = new LinkedHashMap<>();
        try (InProcessValidator validator = InProcessValidator.fromCli()) {
            for (int i = 0; i < cases.size(); i++) {
                String caseName = cases.get(i).getFileName().toString();
                boolean sql = caseName.startsWith("sql-");
                String ns = "agree-" + i;
                String yaml = Files.readString(cases.get(i)).replaceAll("namespace: t\\b", "namespace: " + ns)
                        .replaceAll("namespace: other\\b", "namespace: " + ns + "-other")
                        .replaceAll("name: t\\.", "name: " + ns + ".");
                Path file = Files.writeString(work.resolve(caseName), yaml);
                List<InProcessValidator.Finding> all = validator.validate(file);
                List<InProcessValidator.Finding> findings = all.stream()
                        .filter(f -> f.resource().startsWith("Pipeline/") || f.resource().startsWith("Dashboard/"))
                        .toList();
                if (findings.isEmpty()) {
                    boolean generatorsOnly = !all.isEmpty() && all.stream()
                            .allMatch(f -> f.resource().startsWith("Source/") && f.field().startsWith("spec.generator"));
                    (generatorsOnly ? devOnly : notCompared).add(caseName);
                    continue;
                }
                InProcessValidator.Finding first = findings.get(0);
                Matcher namespaces = NAMESPACE.matcher(yaml);
                while (namespaces.find()) {
                    namespace(namespaces.group(1));
                }
                CommandResult applied = cluster.kubectl("apply", "-f", file.toString());
                assertThat(applied.succeeded()).as("%s is accepted by the API server\n%s", file, applied.describe())
                        .isTrue();
                String kind = first.resource().substring(0, first.resource().indexOf('/'));
                String pipelineNs = namespaceOf(yaml, kind);
                String name = first.resource().substring(kind.length() + 1);
                String[] status = kind.equals("Dashboard") ? awaitDashboardNotReady(pipelineNs, name)
                        : awaitNotReady(pipelineNs, name);
                String message = status[1];
                String label = caseName + ": validate says " + first.field() + ": " + first.message()
                        + "\n    the operator says (" + status[0] + "): " + message;
                (sql ? sqlCompared : compared).add(label);
                boolean sameField = message.startsWith(first.field() + ": ");
                boolean sameProblem = message.equals(first.field() + ": " + first.message())
                        || sameSubject(first.message(), message);
                if (!sameField || !sameProblem) {
                    disagreements.add(label);
                }
                if (status[0].equals("InvalidSql")) {
                    invalidSql.put(pipelineNs, name);
                    PIPELINES.incrementAndGet();
                }
            }
        }
        System.out.printf("[e2e] operator status vs validate: %d cross-resource and %d SQL cases compared,"
                        + " %d disagreements; dev-only (generators, which the cluster never runs): %d (%s)%n",
                compared.size(), sqlCompared.size(), disagreements.size(), devOnly.size(),
                String.join(", ", devOnly));
        compared.forEach(c -> System.out.println("[e2e]   " + c));
        sqlCompared.forEach(c -> System.out.println("[e2e]   " + c));
        assertThat(notCompared).as("cases neither compared nor about generators (dev's alone)").isEmpty();
        assertThat(compared).as("cross-resource cases compared").hasSizeGreaterThanOrEqualTo(11);
        assertThat(compared).as("a Dashboard case is among them")
                .anyMatch(c -> c.startsWith("cross-dashboard-unknown-pipeline.yaml"));
        assertThat(sqlCompared).as("SQL cases compared").hasSizeGreaterThanOrEqualTo(10);
        assertThat(disagreements).as("the operator's status must report validate's problem on the same field")
                .isEmpty();
        assertThat(invalidSql).as("Pipelines the operator reports InvalidSql for").hasSizeGreaterThanOrEqualTo(9);
        invalidSql.forEach((ns, name) -> assertThat(cluster.client().apps().deployments().inNamespace(ns).list()
                .getItems()).as("nothing is deployed for Pipeline %s/%s, whose SQL is invalid", ns, name).isEmpty());
    }

    @Test
    void aPipelineWhoseSqlIsFixedIsDeployed() throws Exception {
        Path corpus = Path.of(System.getProperty("tributary.samples.dir", "../samples"))
                .resolveSibling("cli").resolve("src/test/resources/validate");
        String ns = "agree-fixed";
        namespace(ns);
        String yaml = Files.readString(corpus.resolve("sql-syntax.yaml"))
                .replaceAll("namespace: t\\b", "namespace: " + ns)
                .replaceAll("name: t\\.", "name: " + ns + ".");
        Path work = Files.createDirectories(Clusters.workDir().resolve("operator-status-agrees"));
        Path broken = Files.writeString(work.resolve("fixed-before.yaml"), yaml);
        assertThat(cluster.kubectl("apply", "-f", broken.toString()).succeeded()).isTrue();
        PIPELINES.incrementAndGet();
        assertThat(awaitNotReady(ns, "agg")[0]).isEqualTo("InvalidSql");
        assertThat(cluster.client().apps().deployments().inNamespace(ns).withName("agg-jobmanager").get())
                .as("no JobManager while the SQL is invalid").isNull();

        Path fixed = Files.writeString(work.resolve("fixed-after.yaml"), yaml.replace("    GROUP user_id",
                "    GROUP BY user_id"));
        assertThat(cluster.kubectl("apply", "-f", fixed.toString()).succeeded()).isTrue();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).alias("the fixed Pipeline's JobManager")
                .until(() -> cluster.client().apps().deployments().inNamespace(ns).withName("agg-jobmanager")
                        .get() != null);
        PIPELINES.incrementAndGet();
    }

    /** A missing Source, Sink or Pipeline: both name the same one (validate quotes names, the status does not). */
    private static boolean sameSubject(String validateMessage, String status) {
        Matcher missing = Pattern.compile("^(Source|Sink|Pipeline) '([^']+)' does not exist in namespace '([^']+)'")
                .matcher(validateMessage);
        return missing.find() && status.contains(missing.group(1) + " " + missing.group(2)
                + " does not exist in namespace " + missing.group(3));
    }

    private static String namespaceOf(String yaml, String kind) {
        for (String doc : DOCUMENT_SEPARATOR.split(yaml)) {
            if (doc.contains("kind: " + kind)) {
                Matcher m = NAMESPACE.matcher(doc);
                return m.find() ? m.group(1) : "default";
            }
        }
        throw new IllegalArgumentException("no " + kind + " in\n" + yaml);
    }

    private static void namespace(String name) {
        if (cluster.client().namespaces().withName(name).get() == null) {
            cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                    .endMetadata().build()).create();
        }
    }

    /** Waits for the Dashboard's Ready condition to be False because Pipelines it names are missing. */
    private static String[] awaitDashboardNotReady(String ns, String name) {
        String jsonPath = "{.status.conditions[?(@.type==\"Ready\")].status}|{.status.conditions[?(@.type==\"Ready\")]"
                + ".reason}|{.status.conditions[?(@.type==\"Ready\")].message}";
        String[] last = new String[1];
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).alias("dashboard " + ns + "/" + name
                + " not Ready for Pipelines it names").until(() -> {
            last[0] = cluster.kubectl("get", "dashboard", name, "-n", ns, "-o", "jsonpath=" + jsonPath).stdout();
            return last[0].matches("(?s)False\\|PipelinesNotFound\\|.*");
        });
        String[] parts = last[0].split("\\|", 3);
        return new String[] {parts[1], parts[2]};
    }

    /** Waits for the Pipeline's Ready condition to be False for a problem of its spec, SQL or references. */
    private static String[] awaitNotReady(String ns, String name) {
        String jsonPath = "{.status.conditions[?(@.type==\"Ready\")].status}|{.status.conditions[?(@.type==\"Ready\")]"
                + ".reason}|{.status.conditions[?(@.type==\"Ready\")].message}";
        String[] last = new String[1];
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).alias("pipeline " + ns + "/" + name
                + " not Ready for a problem of its spec").until(() -> {
            last[0] = cluster.kubectl("get", "pipeline", name, "-n", ns, "-o", "jsonpath=" + jsonPath).stdout();
            return last[0].matches("(?s)False\\|(InvalidSpec|InvalidSql|SourceNotFound|SinkNotFound)\\|.*");
        });
        String[] parts = last[0].split("\\|", 3);
        return new String[] {parts[1], parts[2]};
    }
}
