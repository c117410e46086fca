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
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
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
 * points. The default suite runs one chain with a random k per flow (seed printed; {@code -Dtributary.faults.seed}
 * repeats it); {@code -Dtributary.faults.full=true} runs every k of every flow.
 */
@ClusterTest
class OperatorCrashPointsE2E {

    private static final boolean FULL = Boolean.getBoolean("tributary.faults.full");
    private static final long SEED = Long.getLong("tributary.faults.seed", System.nanoTime());
    private static final Duration TIMEOUT = Duration.ofMinutes(5); // a JobManager can take minutes to start on a loaded machine

    enum Flow { CREATE, UPGRADE, SUSPEND, RESUME, DELETE }

    private static TestCluster cluster;
    private static KafkaBroker kafka;
    private static Admin admin;
    private static final CrashPoints POINTS = new CrashPoints();
    private static RecordingHttpProxy apiServerProxy;
    private static RecordingKafkaProxy kafkaProxy;
    private static Path operatorKubeconfig;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        cluster = Clusters.shared();
        cluster.installCrds();
        work = Clusters.workDir().resolve("operator-crash-points-e2e");
        deleteRecursively(work);
        int proxyPort = FreePorts.next();
        int brokerPort = FreePorts.next();
        kafkaProxy = new RecordingKafkaProxy(proxyPort, brokerPort, POINTS);
        kafka = KafkaBroker.start(Files.createDirectories(work.resolve("kafka")), brokerPort, FreePorts.next(),
                Map.of("advertised.listeners", "PLAINTEXT://127.0.0.1:" + proxyPort));
        admin = kafka.admin();
        apiServerProxy = RecordingHttpProxy.inFrontOfApiServer(cluster.kubeconfig(), POINTS);
        operatorKubeconfig = apiServerProxy.writeKubeconfig(work.resolve("operator-kubeconfig"));
    }

    @AfterAll
    static void stop() {
        Stream.of(apiServerProxy, kafkaProxy).filter(java.util.Objects::nonNull).forEach(p -> close(p));
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyFlowEndsAsWithoutAKillWhateverActionTheOperatorDiesAfter() throws Exception {
        Chain baseline = new Chain("base", Map.of()).run();
        Map<Flow, Integer> sizes = new EnumMap<>(Flow.class);
        baseline.actions.forEach((flow, actions) -> {
            sizes.put(flow, actions.size());
            System.out.printf("[crash] baseline %s: %d actions %s%n", flow, actions.size(), actions);
        });
        assertThat(sizes.values()).as("every flow acts").allMatch(n -> n > 0);

        List<Map<Flow, Integer>> plans = new ArrayList<>();
        if (FULL) {
            int longest = sizes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            for (int k = 1; k <= longest; k++) {
                Map<Flow, Integer> plan = new EnumMap<>(Flow.class);
                for (Flow flow : Flow.values()) {
                    if (k <= sizes.get(flow)) {
                        plan.put(flow, k);
                    }
                }
                plans.add(plan);
            }
        } else {
            Random random = new Random(SEED);
            Map<Flow, Integer> plan = new EnumMap<>(Flow.class);
            sizes.forEach((flow, n) -> plan.put(flow, 1 + random.nextInt(n)));
            plans.add(plan);
            System.out.printf("[crash] seed %d (-Dtributary.faults.seed=%d repeats it)%n", SEED, SEED);
        }

        List<String> wrong = new ArrayList<>();
        int tried = 0;
        int chain = 0;
        for (Map<Flow, Integer> plan : plans) {
            try (Chain run = new Chain("k" + ++chain, plan)) {
                run.run();
                tried += run.kills.size();
                for (Flow flow : Flow.values()) {
                    String where = flow + (run.kills.containsKey(flow) ? " killed after action " + plan.get(flow)
                            + " (" + run.kills.get(flow) + ")" : " (no kill)");
                    if (!run.snapshots.get(flow).equals(baseline.snapshots.get(flow))) {
                        wrong.add(where + ": " + run.snapshots.get(flow) + " but without a kill: "
                                + baseline.snapshots.get(flow));
                    }
                    System.out.printf("[crash] %s: %s%n", where, run.snapshots.get(flow).equals(
                            baseline.snapshots.get(flow)) ? "same end state" : "DIFFERENT end state");
                }
            }
        }
        baseline.close();
        System.out.printf("[crash] %d crash points tried over %d chains (baseline actions per flow %s), %d wrong"
                + " end states%n", tried, plans.size(), sizes, wrong.size());
        assertThat(tried).as("kills that happened").isGreaterThanOrEqualTo(plans.size());
        assertThat(wrong).isEmpty();
    }

    /** The five flows in one namespace, with at most one kill per flow. */
    private static final class Chain implements AutoCloseable {

        final String namespace;
        final Map<Flow, Integer> killAt;
        final Map<Flow, List<String>> actions = new EnumMap<>(Flow.class);
        final Map<Flow, Snapshot> snapshots = new EnumMap<>(Flow.class);
        final Map<Flow, String> kills = new EnumMap<>(Flow.class);
        final Path dir;
        final LocalJobManagerPod jobManager;
        final RecordingHttpProxy flinkProxy;
        OperatorProcess operator;
        int operatorStarts;

        Chain(String name, Map<Flow, Integer> killAt) throws Exception {
            this.namespace = "crash-" + name;
            this.killAt = killAt;
            this.dir = Files.createDirectories(work.resolve(namespace));
            client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                    .build()).serverSideApply();
            // The JobManager pod is scheduled (and its Deployment becomes Available) once its claim is bound.
            client().persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(namespace)
                    .endMetadata().withNewSpec().withCapacity(Map.of("storage", new Quantity("1Gi")))
                    .withAccessModes("ReadWriteOnce").withStorageClassName(namespace).withNewHostPath()
                    .withPath("/tmp/tributary-e2e-" + namespace).endHostPath().endSpec().build()).serverSideApply();
            int restPort = FreePorts.next();
            jobManager = new LocalJobManagerPod(client(), namespace, "counter", restPort,
                    Files.createDirectories(dir.resolve("jobmanager"))).start();
            flinkProxy = new RecordingHttpProxy("flink", "127.0.0.1", restPort, null, POINTS);
        }

        Chain run() throws Exception {
            startOperator();
            for (Flow flow : Flow.values()) {
                String planBefore = status().planHash;
                POINTS.reset();
                Integer k = killAt.get(flow);
                if (k != null) {
                    POINTS.arm(k, () -> operator.kill());
                }
                act(flow);
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).alias(namespace + " " + flow)
                        .until(() -> POINTS.tripped() || converged(flow, planBefore));
                POINTS.arm(0, () -> { });
                if (POINTS.tripped()) {
                    List<String> seen = POINTS.actions();
                    kills.put(flow, seen.get(seen.size() - 1));
                    POINTS.reset();
                    startOperator();
                }
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).alias(namespace + " " + flow
                        + " converged").until(() -> converged(flow, planBefore));
                actions.put(flow, POINTS.actions());
                snapshots.put(flow, snapshot());
            }
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
                    "QUARKUS_OPERATOR_SDK_NAMESPACES", namespace),
                    dir.resolve("operator-" + operatorStarts + ".log")).start();
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
                        && topics().keySet().stream().noneMatch(t -> t.endsWith(".totals"));
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
            flinkProxy.close();
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
                  parallelism: {initial: 1, min: 1, max: 2}
                  checkpoints:
                    interval: 10m
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

    private static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // shutting down
        }
    }
}
