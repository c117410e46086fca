package dev.tributary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.e2e.faults.CrashPoints;
import dev.tributary.e2e.faults.RecordingHttpProxy;
import dev.tributary.e2e.faults.RecordingKafkaProxy;
import dev.tributary.e2e.flink.LocalJobManagerPod;
import dev.tributary.local.FreePorts;
import dev.tributary.local.KafkaBroker;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crash at every step (Sieve-style): the operator runs as its own process with recording proxies between it and
 * everything it changes — the kube-apiserver (POST/PUT/PATCH/DELETE), the Pipeline's Flink REST endpoint (the
 * same verbs) and Kafka (CreateTopics, DeleteTopics, CreatePartitions, AlterConfigs, IncrementalAlterConfigs).
 * A baseline runs the create, upgrade, suspend, resume and delete flows of a Source, a Sink (topic deletionPolicy
 * Delete) and a Pipeline on real Flink, recording each flow's actions; then each flow runs again with the operator
 * SIGKILLed right after its k-th action took effect (before the operator sees the answer) and started again. Each
 * flow must end exactly as in the baseline: the same objects and owners, the same topics, the same number of
 * savepoints on disk, the same JobManager starts, the same status. One kill per flow, so a chain tries up to five
 * points. Each chain has its own namespace, broker, proxies and crash points, so chains can run side by side
 * ({@code -Dtributary.faults.parallel=N}), and a chain that does not converge is reported with where it stopped
 * while the others go on. The default suite runs the baseline and one chain that kills each flow after its first
 * action, side by side; {@code -Dtributary.faults.full=true} runs every k of every flow.
 */
@ClusterTest
class OperatorCrashPointsE2E {

    private static final boolean FULL = Boolean.getBoolean("tributary.faults.full");
    private static final int PARALLEL = Integer.getInteger("tributary.faults.parallel", 2);
    /** The full sweep's first chain: a sweep cut short by its time budget can be carried on from where it stopped. */
    private static final int FROM_CHAIN = Integer.getInteger("tributary.faults.fromChain", 1);
    private static final Duration TIMEOUT = Duration.ofMinutes(5); // a JobManager can take minutes to start on a loaded machine

    enum Flow { CREATE, UPGRADE, SUSPEND, RESUME, DELETE }

    /** Where a flow's operator dies: after its k-th action, or after the first action that matches. */
    record Point(int k, Pattern first) {
        static Point at(int k) {
            return new Point(k, null);
        }

        static Point first(String action) {
            return new Point(0, Pattern.compile(action));
        }

        @Override
        public String toString() {
            return first == null ? "action " + k : "the first " + first.pattern();
        }
    }

    /**
     * The default handful: one kill per flow, each after a different kind of external action — a Kafka admin call
     * (create, delete topic), a Flink REST call (stop with savepoint) and API writes (the JobManager Deployment).
     */
    private static final Map<Flow, Point> HANDFUL = new EnumMap<>(Map.of(
            Flow.CREATE, Point.first("kafka CreateTopics"),
            Flow.UPGRADE, Point.first("flink POST /jobs/.*/stop"),
            Flow.SUSPEND, Point.first("flink POST /jobs/.*/stop"),
            Flow.RESUME, Point.first("kube (PATCH|PUT) /apis/apps/v1/namespaces/.*/deployments/counter-jobmanager"),
            Flow.DELETE, Point.first("kafka DeleteTopics")));

    private static TestCluster cluster;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        cluster = Clusters.shared();
        cluster.installCrds();
        work = Clusters.workDir().resolve("operator-crash-points-e2e");
        deleteRecursively(work);
    }

    @Test
    void everyFlowEndsAsWithoutAKillWhateverActionTheOperatorDiesAfter() throws Exception {
        long began = System.nanoTime();
        Verdicts verdicts;
        int planned;
        if (FULL) {
            Outcome baseline = runChains(List.of(Map.of()), o -> { }).get(0);
            assertThat(baseline.failure).as("the baseline converges").isNull();
            printBaseline(baseline);
            verdicts = new Verdicts(baseline);
            Map<Flow, Integer> sizes = new EnumMap<>(Flow.class);
            baseline.chain.actions.forEach((flow, actions) -> sizes.put(flow, actions.size()));
            int longest = sizes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            List<Map<Flow, Point>> plans = new ArrayList<>();
            for (int k = Math.max(1, FROM_CHAIN); k <= longest; k++) {
                Map<Flow, Point> plan = new EnumMap<>(Flow.class);
                for (Flow flow : Flow.values()) {
                    if (k <= sizes.get(flow)) {
                        plan.put(flow, Point.at(k));
                    }
                }
                plans.add(plan);
            }
            planned = plans.stream().mapToInt(Map::size).sum();
            System.out.printf("[crash] %d crash points in %d chains (k from %d), %d at a time%n", planned, plans.size(),
                    Math.max(1, FROM_CHAIN), PARALLEL);
            runChains(plans, verdicts::judge); // each chain judged as it ends: a long sweep reports as it goes
        } else {
            // The baseline and one chain with the handful of kills, side by side.
            List<Outcome> both = runChains(List.of(Map.of(), HANDFUL), o -> { });
            Outcome baseline = both.get(0);
            assertThat(baseline.failure).as("the baseline converges").isNull();
            printBaseline(baseline);
            verdicts = new Verdicts(baseline);
            verdicts.judge(both.get(1));
            planned = HANDFUL.size();
        }
        int tried = verdicts.perFlow.values().stream().mapToInt(c -> c[0]).sum();
        int same = verdicts.perFlow.values().stream().mapToInt(c -> c[1]).sum();
        StringBuilder byFlow = new StringBuilder();
        verdicts.perFlow.forEach((flow, c) -> byFlow.append(" ").append(flow).append(" ").append(c[1]).append("/")
                .append(c[0]));
        System.out.printf("[crash] %d of %d crash points tried over %d chains (%d not started within the time"
                + " budget), %d converged to the baseline's end state (converged/tried:%s), %d wrong, in %d s%n",
                tried, planned, verdicts.chains, SKIPPED.get(), same, byFlow, verdicts.wrong.size(),
                Duration.ofNanos(System.nanoTime() - began).toSeconds());
        verdicts.wrong.forEach(w -> System.out.println("[crash] WRONG " + w));
        assertThat(tried).as("kills that happened").isGreaterThanOrEqualTo(FULL ? verdicts.chains : planned);
        assertThat(verdicts.wrong).isEmpty();
    }

    private static void printBaseline(Outcome baseline) {
        baseline.chain.actions.forEach((flow, actions) -> System.out.printf("[crash] baseline %s: %d actions %s%n",
                flow, actions.size(), actions));
        baseline.chain.snapshots.forEach((flow, snapshot) -> System.out.printf("[crash] baseline %s ends %s%n", flow,
                snapshot));
        assertThat(baseline.chain.actions.values()).as("every flow acts").allMatch(a -> !a.isEmpty());
        assertThat(revivedChildren(baseline.chain)).as("children of the deleted Pipeline written again").isEmpty();
    }

    /** A reconcile on a stale copy of the deleted Pipeline would write its children again (a JobManager, say). */
    private static final Pattern CHILD_WRITE = Pattern.compile("kube (POST|PATCH|PUT) \\S*/namespaces/[^/]+/"
            + "(deployments|services|poddisruptionbudgets|networkpolicies)/");

    private static List<String> revivedChildren(Chain chain) {
        return Stream.concat(chain.beforeKill.getOrDefault(Flow.DELETE, List.of()).stream(),
                chain.actions.getOrDefault(Flow.DELETE, List.of()).stream()).filter(CHILD_WRITE.asPredicate()).toList();
    }

    /** Each chain's flows against the baseline's: tried and converged per flow, and what went wrong. */
    private static final class Verdicts {

        final Outcome baseline;
        final List<String> wrong = new ArrayList<>();
        final Map<Flow, int[]> perFlow = new EnumMap<>(Flow.class); // tried, same end state
        int chains;

        Verdicts(Outcome baseline) {
            this.baseline = baseline;
            for (Flow flow : Flow.values()) {
                perFlow.put(flow, new int[2]);
            }
        }

        synchronized void judge(Outcome outcome) {
            chains++;
            Chain run = outcome.chain;
            List<String> revived = revivedChildren(run);
            if (!revived.isEmpty()) {
                wrong.add(run.namespace + " DELETE: children of the deleted Pipeline written again " + revived);
            }
            for (Flow flow : Flow.values()) {
                Point k = run.killAt.get(flow);
                if (k == null) {
                    continue;
                }
                String where = flow + " killed after " + k + (run.kills.containsKey(flow) ? " ("
                        + run.kills.get(flow) + ")" : "") + " in " + run.namespace;
                Snapshot expected = baseline.chain.snapshots.get(flow);
                Snapshot actual = run.snapshots.get(flow);
                if (run.kills.containsKey(flow)) {
                    perFlow.get(flow)[0]++;
                }
                String verdict;
                if (actual == null) {
                    verdict = outcome.failure == null || run.current != flow ? "not reached"
                            : "DID NOT CONVERGE: " + outcome.failure;
                    if (run.current == flow) {
                        wrong.add(where + ": did not converge: " + outcome.failure);
                    }
                } else if (!run.kills.containsKey(flow)) {
                    verdict = "armed action never came (" + run.actions.get(flow).size() + " actions)";
                } else if (actual.equals(expected)) {
                    perFlow.get(flow)[1]++;
                    verdict = "same end state";
                } else {
                    verdict = "DIFFERENT end state";
                    wrong.add(where + ": " + actual + " but without a kill: " + expected);
                }
                System.out.printf("[crash] %s: %s%n", where, verdict);
            }
        }
    }

    /**
     * Runs the chains, {@link #PARALLEL} at a time, handing each to {@code ended} as it ends; a chain that fails is
     * returned with its failure. Chains not started within {@code tributary.faults.minutes} are skipped (counted).
     */
    private static List<Outcome> runChains(List<Map<Flow, Point>> plans, java.util.function.Consumer<Outcome> ended)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, PARALLEL));
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Map<Flow, Point> plan : plans) {
                String name = plan.isEmpty() ? "base" : plan.values().stream().allMatch(p -> p.first() == null)
                        ? "k" + plan.values().stream().mapToInt(Point::k).max().orElse(0) : "handful";
                futures.add(pool.submit(() -> {
                    if (System.nanoTime() > BUDGET_ENDS) {
                        SKIPPED.incrementAndGet();
                        return null;
                    }
                    Outcome outcome;
                    try (Chain chain = new Chain(name + "-" + CHAINS.incrementAndGet(), plan)) {
                        try {
                            chain.run();
                            outcome = new Outcome(chain, null);
                        } catch (Throwable e) {
                            System.out.printf("[crash] %s stopped in %s: %s%n%s%n", chain.namespace, chain.current, e,
                                    chain.operatorLogTail());
                            outcome = new Outcome(chain, String.valueOf(e).lines().findFirst().orElse("")
                                    + " (operator logs in " + chain.dir + ")");
                        }
                    }
                    ended.accept(outcome);
                    return outcome;
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                Outcome outcome = future.get();
                if (outcome != null) {
                    outcomes.add(outcome);
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger SKIPPED = new java.util.concurrent.atomic.AtomicInteger();
    private static final long BUDGET_ENDS = System.nanoTime() + TimeUnit.MINUTES.toNanos(
            Long.getLong("tributary.faults.minutes", 24 * 60));

    private static final java.util.concurrent.atomic.AtomicInteger CHAINS = new java.util.concurrent.atomic.AtomicInteger();

    record Outcome(Chain chain, String failure) {
    }

    /**
     * The five flows in one namespace, with at most one kill per flow, against a broker, proxies and crash points of
     * its own.
     */
    private static final class Chain implements AutoCloseable {

        final String namespace;
        final Map<Flow, Point> killAt;
        final Map<Flow, List<String>> actions = new EnumMap<>(Flow.class);
        final Map<Flow, Snapshot> snapshots = new EnumMap<>(Flow.class);
        final Map<Flow, String> kills = new EnumMap<>(Flow.class);
        final Map<Flow, List<String>> beforeKill = new EnumMap<>(Flow.class); // the killed operator's actions
        final Path dir;
        final CrashPoints points = new CrashPoints();
        final KafkaBroker kafka;
        final Admin admin;
        final RecordingKafkaProxy kafkaProxy;
        final RecordingHttpProxy apiServerProxy;
        final Path operatorKubeconfig;
        final LocalJobManagerPod jobManager;
        final RecordingHttpProxy flinkProxy;
        volatile Flow current;
        OperatorProcess operator;
        int operatorStarts;

        Chain(String name, Map<Flow, Point> killAt) throws Exception {
            this.namespace = "crash-" + name;
            this.killAt = killAt;
            this.dir = Files.createDirectories(work.resolve(namespace));
            int proxyPort = FreePorts.next();
            int brokerPort = FreePorts.next();
            kafkaProxy = new RecordingKafkaProxy(proxyPort, brokerPort, points);
            kafka = KafkaBroker.start(Files.createDirectories(dir.resolve("kafka")), brokerPort, FreePorts.next(),
                    Map.of("advertised.listeners", "PLAINTEXT://127.0.0.1:" + proxyPort));
            admin = kafka.admin();
            apiServerProxy = RecordingHttpProxy.inFrontOfApiServer(cluster.kubeconfig(), points);
            operatorKubeconfig = apiServerProxy.writeKubeconfig(dir.resolve("operator-kubeconfig"));
            client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                    .build()).serverSideApply();
            // The JobManager pod is scheduled (and its Deployment becomes Available) once its claim is bound.
            client().persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(namespace)
                    .endMetadata().withNewSpec().withCapacity(Map.of("storage", new Quantity("1Gi")))
                    .withAccessModes("ReadWriteOnce").withStorageClassName(namespace).withNewHostPath()
                    .withPath("/tmp/tributary-e2e-" + namespace).endHostPath().endSpec().build()).serverSideApply();
            int restPort = FreePorts.forLaterListener();
            jobManager = new LocalJobManagerPod(client(), namespace, "counter", restPort,
                    Files.createDirectories(dir.resolve("jobmanager"))).start();
            flinkProxy = new RecordingHttpProxy("flink", "127.0.0.1", restPort, null, points);
        }

        Chain run() throws Exception {
            startOperator();
            for (Flow flow : Flow.values()) {
                current = flow;
                String planBefore = status().planHash;
                points.reset();
                Point k = killAt.get(flow);
                if (k != null && k.first() != null) {
                    points.arm(k.first(), () -> operator.kill());
                } else if (k != null) {
                    points.arm(k.k(), () -> operator.kill());
                }
                act(flow);
                await().atMost(TIMEOUT).ignoreExceptions().pollInterval(Duration.ofMillis(200)).alias(namespace + " " + flow)
                        .until(() -> points.tripped() || converged(flow, planBefore));
                points.arm(0, () -> { });
                if (points.tripped()) {
                    List<String> seen = points.actions();
                    kills.put(flow, seen.get(seen.size() - 1));
                    beforeKill.put(flow, seen);
                    points.reset();
                    startOperator();
                }
                await().atMost(TIMEOUT).ignoreExceptions().pollInterval(Duration.ofMillis(300)).alias(namespace + " " + flow
                        + " converged").until(() -> converged(flow, planBefore));
                actions.put(flow, points.actions());
                snapshots.put(flow, snapshot());
            }
            current = null;
            return this;
        }

        private void startOperator() {
            operatorStarts++;
            operator = new OperatorProcess(operatorKubeconfig, Map.of(
                    "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaProxy.port(),
                    "TRIBUTARY_RESYNC_PERIOD", "10s",
                    "TRIBUTARY_FLINK_POLL_PERIOD", "2s",
                    "TRIBUTARY_TOPIC_DELETION_TIMEOUT", "20s",
                    "TRIBUTARY_FLINK_REST_ENDPOINT", "http://127.0.0.1:" + flinkProxy.port(),
                    // its own ledger: the operators of chains running side by side must not settle each other's
                    "TRIBUTARY_TOPIC_LEDGER_NAMESPACE", namespace,
                    "QUARKUS_OPERATOR_SDK_NAMESPACES", namespace),
                    dir.resolve("operator-" + operatorStarts + ".log")).start();
        }

        String operatorLogTail() {
            try {
                List<String> lines = Files.readAllLines(dir.resolve("operator-" + operatorStarts + ".log"));
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (Exception e) {
                return "(no operator log: " + e + ")";
            }
        }
        private void act(Flow flow) {
            switch (flow) {
                case CREATE -> cluster.apply(namespace, resources(namespace, 0, "running"));
                case UPGRADE -> cluster.apply(namespace, resources(namespace, 1, "running"));
                case SUSPEND -> cluster.apply(namespace, resources(namespace, 1, "suspended"));
                case RESUME -> cluster.apply(namespace, resources(namespace, 1, "running"));
                case DELETE -> {
                    CommandResult deleted = cluster.kubectl("delete", "-n", namespace, "--wait=false",
                            "pipeline/counter", "source/clicks", "sink/totals");
                    assertThat(deleted.succeeded()).as(deleted.describe()).isTrue();
                }
            }
        }

        private boolean converged(Flow flow, String planBefore) {
            PipelineStatus s = status();
            boolean running = s.upgrade == null && s.job != null && "RUNNING".equals(s.job.state)
                    && s.condition("Ready").map(c -> "JobRunning".equals(c.reason)).orElse(false);
            return switch (flow) {
                case CREATE -> running && ready(Source.class, "clicks") && ready(Sink.class, "totals");
                case UPGRADE -> running && s.planHash != null && !s.planHash.equals(planBefore);
                case SUSPEND -> s.phase != null && "Suspended".equals(s.phase.name()) && s.upgrade == null
                        && !jobManager.running();
                case RESUME -> running && s.lastSavepoint != null && s.lastSavepoint.path.equals(s.restoredFrom);
                case DELETE -> get(Pipeline.class, "counter") == null && get(Source.class, "clicks") == null
                        && get(Sink.class, "totals") == null
                        && client().apps().deployments().inNamespace(namespace).list().getItems().isEmpty()
                        && !topics().containsKey("totals"); // the Sink's topic, deletionPolicy Delete (names without the namespace)
            };
        }

        private boolean ready(Class<? extends HasMetadata> kind, String name) {
            String ready = cluster.kubectl("get", kind.getSimpleName().toLowerCase() + "/" + name, "-n", namespace,
                    "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").stdout();
            return "True".equals(ready.trim());
        }

        private <T extends HasMetadata> T get(Class<T> kind, String name) {
            return client().resources(kind).inNamespace(namespace).withName(name).get();
        }

        private PipelineStatus status() {
            Pipeline pipeline = get(Pipeline.class, "counter");
            return pipeline == null || pipeline.getStatus() == null ? new PipelineStatus() : pipeline.getStatus();
        }

        /** What must not depend on when the operator died: objects, owners, topics, savepoints, status. */
        private Snapshot snapshot() throws Exception {
            Map<String, String> objects = new TreeMap<>();
            for (HasMetadata o : Stream.of(client().apps().deployments(), client().services(), client().configMaps(),
                    client().persistentVolumeClaims(), client().policy().v1().podDisruptionBudget(),
                    client().network().v1().networkPolicies()).flatMap(op -> op.inNamespace(namespace).list()
                    .getItems().stream().map(HasMetadata.class::cast)).toList()) {
                if (o.getMetadata().getDeletionTimestamp() != null || "kube-root-ca.crt".equals(o.getMetadata()
                        .getName())) {
                    continue;
                }
                String replicas = o instanceof io.fabric8.kubernetes.api.model.apps.Deployment d
                        ? " replicas=" + d.getSpec().getReplicas() : "";
                objects.put(o.getKind() + "/" + o.getMetadata().getName(), "owners="
                        + o.getMetadata().getOwnerReferences().size() + replicas);
            }
            PipelineStatus s = status();
            String pipeline = get(Pipeline.class, "counter") == null ? "absent" : s.phase + " ready="
                    + s.condition("Ready").map(c -> c.status + "/" + c.reason).orElse("-") + " job="
                    + (s.job == null ? "-" : s.job.state) + " lastSavepoint="
                    + (s.lastSavepoint == null ? "-" : s.lastSavepoint.reason) + " restoredFromIt="
                    + (s.lastSavepoint != null && s.lastSavepoint.path.equals(s.restoredFrom));
            List<String> starts = jobManager.starts().stream()
                    .map(r -> r.equals("-") ? "-" : r.contains("savepoint") ? "savepoint" : "checkpoint").toList();
            return new Snapshot(pipeline, objects, topics(), savepointsOnDisk(), starts);
        }

        private long savepointsOnDisk() throws Exception {
            Path state = dir.resolve("jobmanager").resolve("state");
            if (!Files.exists(state)) {
                return 0;
            }
            try (Stream<Path> paths = Files.walk(state)) {
                return paths.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("savepoint-"))
                        .count();
            }
        }

        private Map<String, Integer> topics() {
            try {
                Map<String, Integer> topics = new TreeMap<>();
                // Long enough for the admin client's own retry (request.timeout.ms 30 s): the broker advertises the
                // recording proxy, so a connection of this client can be cut when the proxy kills the operator.
                List<String> names = admin.listTopics().names().get(2, TimeUnit.MINUTES).stream()
                        .filter(t -> t.startsWith(namespace + ".")).toList();
                admin.describeTopics(names).allTopicNames().get(2, TimeUnit.MINUTES).forEach((name, d) ->
                        topics.put(name.substring(namespace.length() + 1), d.partitions().size()));
                return topics;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            if (operator != null) {
                operator.kill();
            }
            jobManager.close();
            Stream.of(flinkProxy, apiServerProxy, kafkaProxy, admin, kafka).forEach(OperatorCrashPointsE2E::close);
            cluster.kubectl("delete", "namespace", namespace, "--wait=false");
            cluster.kubectl("delete", "pv", namespace, "--wait=false");
        }
    }

    record Snapshot(String pipeline, Map<String, String> objects, Map<String, Integer> topics, long savepoints,
            List<String> jobManagerStarts) {
    }

    private static String resources(String storageClass, int version, String state) {
        return """
                apiVersion: tributary.dev/v1alpha1
                kind: Source
                metadata: {name: clicks}
                spec:
                  topic: {partitions: 2, replicationFactor: 1}
                  format: json
                  schema: {fields: [{name: user_id, type: STRING NOT NULL}, {name: url, type: STRING}]}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Sink
                metadata: {name: totals}
                spec:
                  kafka: {topic: {partitions: 1, replicationFactor: 1, deletionPolicy: Delete}, keyFields: [user_id]}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Pipeline
                metadata: {name: counter}
                spec:
                  sources: [clicks]
                  sinks: [totals]
                  sql: INSERT INTO totals SELECT user_id, COUNT(*) AS clicks FROM clicks WHERE user_id <> 'nobody-%d' GROUP BY user_id
                  # an upgrade holds once the new job completes a checkpoint; Flink's first comes at a random time
                  # within one interval, so the interval bounds how long the upgrade flow can take
                  parallelism: {initial: 1, min: 1, max: 2}
                  checkpoints:
                    interval: 15s
                    guarantee: at-least-once
                    storage: {volume: {size: 1Gi, storageClassName: %s}}
                  upgradeMode: savepoint
                  state: %s
                """.formatted(version, storageClass, state);
    }

    private static KubernetesClient client() {
        return cluster.client();
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void close(AutoCloseable closeable) { // shutting down: an error closing changes nothing
        try {
            closeable.close();
        } catch (Exception e) {
            // shutting down
        }
    }
}
