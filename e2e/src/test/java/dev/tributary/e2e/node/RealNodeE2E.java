package dev.tributary.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.local.LogTail;
import dev.tributary.e2e.cluster.Commands;
import dev.tributary.e2e.cluster.RealNodeCluster;
import dev.tributary.e2e.cluster.TestDirs;
import dev.tributary.e2e.operator.OperatorProcess;
import dev.tributary.local.FreePorts;
import dev.tributary.local.KafkaBroker;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A Pipeline on a real node: the operator (a process) writes the JobManager and TaskManager Deployments, kubelet runs
 * them as containers of the runtime image built here ({@code images/build.sh}), the TaskManager finds the JobManager
 * through cluster DNS and the Service's virtual IP, and the job reads and writes a real broker that listens on the
 * node's bridge. Checkpoints land on a hostPath PersistentVolume the claim binds to.
 */
@ExtendWith(RealNodeE2E.NodeLogsOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealNodeE2E {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Two Flink JVMs in containers limited to one CPU each (the node has two), on cores shared with other builds. */
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String NS = "real-node";
    private static final String IMAGE_TAG = "e2e-node";
    private static final Path CHECKPOINTS = Path.of("/var/lib/tributary-node-e2e/checkpoints");
    private static final int USERS = 5;
    private static final int PER_ROUND = 10;

    private static RealNodeCluster cluster;
    private static KafkaBroker kafka;
    private static String podBootstrap;
    private static OperatorProcess operator;
    private static ServiceNames names;
    private static Path work;
    private static int rounds;

    @BeforeAll
    static void start() throws Exception {
        String image = buildRuntimeImage();
        cluster = RealNodeCluster.shared(List.of(image));
        cluster.installCrds();
        work = Clusters.workDir().resolve("real-node-e2e");
        TestDirs.deleteRecursively(work);
        TestDirs.deleteRecursively(CHECKPOINTS);
        Files.createDirectories(CHECKPOINTS);
        // The pods run as 10001 and a hostPath volume gets no fsGroup.
        Files.setPosixFilePermissions(CHECKPOINTS, PosixFilePermissions.fromString("rwxrwxrwx"));
        kafka = startBrokerForPods(Files.createDirectories(work.resolve("kafka")));
        names = new ServiceNames(cluster.dnsServer(), work.resolve("operator-hosts"));
        operator = new OperatorProcess(cluster.kubeconfig(), Map.of(
                "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", podBootstrap,
                "TRIBUTARY_PIPELINE_IMAGE", image,
                "TRIBUTARY_RESYNC_PERIOD", "10s",
                "TRIBUTARY_FLINK_POLL_PERIOD", "2s",
                "QUARKUS_OPERATOR_SDK_NAMESPACES", NS,
                "JAVA_TOOL_OPTIONS", names.jvmOption()), work.resolve("operator.log")).start();
        client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .serverSideApply();
        client().persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata()
                .withName("real-node-checkpoints").endMetadata().withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("1Gi"))).withAccessModes("ReadWriteOnce")
                .withStorageClassName("real-node-hostpath").withNewHostPath().withPath(CHECKPOINTS.toString())
                .withType("Directory").endHostPath().endSpec().build()).serverSideApply();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.kubectl("delete", "namespace", NS, "--wait=false");
        }
        if (operator != null) {
            operator.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1) // one sequence: one job through its life on the real node
    void theJobRunsInRealPodsAndTheOperatorReachesItThroughTheService() {
        cluster.apply(null, resources("nobody-0"));
        awaitJobRunning(null);
        Service service = client().services().inNamespace(NS).withName("counter-jobmanager").get();
        assertThat(names.resolve("counter-jobmanager." + NS + ".svc.cluster.local"))
                .as("cluster DNS answers with the Service's virtual IP").contains(service.getSpec().getClusterIP());
        for (String component : List.of("jobmanager", "taskmanager")) {
            Pod pod = pod(component);
            assertThat(pod.getSpec().getNodeName()).isEqualTo(cluster.nodeName());
            assertThat(pod.getStatus().getPodIP()).startsWith("10.247.0.");
            assertThat(pod.getStatus().getContainerStatuses()).allSatisfy(c -> {
                assertThat(c.getReady()).isTrue();
                assertThat(c.getContainerID()).startsWith("containerd://");
            });
        }
    }

    @Test
    @Order(2)
    void recordsFlowFromTheSourceTopicToTheSinkTopic() {
        produceRound();
        awaitCounts(rounds * PER_ROUND);
    }

    @Test
    @Order(3)
    void checkpointsLandOnTheClaimedVolume() throws Exception {
        await().atMost(TIMEOUT).until(() -> status().lastCheckpoint != null);
        assertThat(client().persistentVolumeClaims().inNamespace(NS).list().getItems()).singleElement()
                .satisfies(pvc -> {
                    assertThat(pvc.getStatus().getPhase()).isEqualTo("Bound");
                    assertThat(pvc.getSpec().getVolumeName()).isEqualTo("real-node-checkpoints");
                });
        await().atMost(TIMEOUT).until(() -> completedCheckpoints() > 0);
    }

    @Test
    @Order(4)
    void aChangedSqlUpgradesThroughASavepoint() {
        PipelineStatus before = status();
        cluster.apply(null, resources("nobody-1"));
        PipelineStatus after = awaitJobRunning(before.planHash);
        assertThat(after.lastSavepoint.reason).isEqualTo("upgrade");
        assertThat(after.restoredFrom).isEqualTo(after.lastSavepoint.path);
        assertThat(Path.of(after.lastSavepoint.path.replaceFirst("^file:", "").replace("/tributary/state",
                CHECKPOINTS.toString()))).as("the savepoint is on the volume").isDirectory();
        produceRound();
        awaitCounts(rounds * PER_ROUND);
    }

    @Test
    @Order(5)
    void aTaskManagerPodDeletedByHandIsReplacedAndTheJobRecovers() {
        Pod old = pod("taskmanager");
        client().pods().inNamespace(NS).withName(old.getMetadata().getName()).withGracePeriod(0).delete();
        await().atMost(TIMEOUT).alias("a new TaskManager pod, Ready").until(() -> {
            Pod now = podOrNull("taskmanager");
            return now != null && !now.getMetadata().getName().equals(old.getMetadata().getName())
                    && now.getStatus().getContainerStatuses() != null
                    && now.getStatus().getContainerStatuses().stream().allMatch(c -> Boolean.TRUE.equals(c.getReady()));
        });
        produceRound();
        awaitCounts(rounds * PER_ROUND);
        assertThat(status().job.state).isEqualTo("RUNNING");
    }

    @Test
    @Order(6)
    void thePodsRunAsNonRootOnAReadOnlyRootFilesystem() throws Exception {
        for (String component : List.of("jobmanager", "taskmanager")) {
            String pod = pod(component).getMetadata().getName();
            CommandResult id = cluster.kubectl("exec", "-n", NS, pod, "--", "id", "-u");
            assertThat(id.succeeded()).as(id.describe()).isTrue();
            assertThat(id.stdout().trim()).isEqualTo("10001");
            CommandResult write = cluster.kubectl("exec", "-n", NS, pod, "--", "touch", "/opt/written-by-e2e");
            assertThat(write.succeeded()).as(write.describe()).isFalse();
            assertThat(write.stdout() + write.stderr()).contains("Read-only file system");
            String containerId = pod(component).getStatus().getContainerStatuses().get(0).getContainerID()
                    .replace("containerd://", "");
            JsonNode spec = JSON.readTree(cluster.ctr("containers", "info", containerId).stdout()).path("Spec");
            assertThat(spec.path("process").path("user").path("uid").asInt()).as("the runtime's view").isEqualTo(10001);
            assertThat(spec.path("root").path("readonly").asBoolean()).isTrue();
        }
    }

    /** The node's component logs and the operator's, when a test fails. */
    static final class NodeLogsOnFailure implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (cluster == null) {
                return;
            }
            StringBuilder report = new StringBuilder("\n[e2e] ").append(context.getDisplayName())
                    .append(" failed on the ").append(cluster.description()).append('\n');
            List<Path> logs = new java.util.ArrayList<>(cluster.logFiles());
            if (operator != null) {
                logs.add(operator.log());
            }
            for (Path log : logs) {
                report.append("----- last 30 lines of ").append(log).append(" -----\n").append(LogTail.of(log, 30))
                        .append('\n');
            }
            System.out.print(report);
        }
    }

    // --- helpers ---

    private static String buildRuntimeImage() {
        Path repository = Path.of(System.getProperty("tributary.repository.dir", "..")).toAbsolutePath().normalize();
        CommandResult built = Commands.run(List.of("bash", repository.resolve("images/build.sh").toString(), "pause",
                "runtime"), Map.of("TRIBUTARY_IMAGE_TAG", IMAGE_TAG), repository, Duration.ofMinutes(15));
        assertThat(built.succeeded()).as(built.describe()).isTrue();
        return built.stdout().lines().filter(l -> l.startsWith("pipeline-runtime=")).findFirst()
                .map(l -> l.substring("pipeline-runtime=".length(), l.indexOf('@'))).orElseThrow();
    }

    /** A broker with a second listener on the bridge's gateway, which pods reach; the test's clients use loopback. */
    private static KafkaBroker startBrokerForPods(Path dir) {
        int port = FreePorts.next();
        int podPort = FreePorts.next();
        String gateway = cluster.hostAddressForPods();
        podBootstrap = gateway + ":" + podPort;
        int controllerPort = FreePorts.next();
        return KafkaBroker.start(dir, port, controllerPort, Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort
                        + ",PODS://" + podBootstrap,
                "advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",PODS://" + podBootstrap,
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,PODS:PLAINTEXT"));
    }

    private static String resources(String excludedUser) {
        return """
                apiVersion: tributary.dev/v1alpha1
                kind: Source
                metadata: {name: clicks, namespace: %1$s}
                spec:
                  topic: {partitions: 2, replicationFactor: 1}
                  format: json
                  schema: {fields: [{name: user_id, type: STRING NOT NULL}, {name: url, type: STRING}]}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Sink
                metadata: {name: totals, namespace: %1$s}
                spec:
                  kafka: {topic: {partitions: 1, replicationFactor: 1}, keyFields: [user_id]}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Pipeline
                metadata: {name: counter, namespace: %1$s}
                spec:
                  sources: [clicks]
                  sinks: [totals]
                  sql: >-
                    INSERT INTO totals SELECT user_id, COUNT(*) AS clicks FROM clicks
                    WHERE user_id <> '%2$s' GROUP BY user_id
                  parallelism: {initial: 1, min: 1, max: 1}
                  resources:
                    jobManager: {cpu: "1", memory: 1Gi}
                    taskManager: {cpu: "1", memory: 1Gi, taskSlots: 1}
                  checkpoints:
                    interval: 2s
                    guarantee: at-least-once
                    storage: {volume: {size: 1Gi, storageClassName: real-node-hostpath}}
                  upgradeMode: savepoint
                """.formatted(NS, excludedUser);
    }

    private static KubernetesClient client() {
        return cluster.client();
    }

    private static PipelineStatus status() {
        Pipeline pipeline = client().resources(Pipeline.class).inNamespace(NS).withName("counter").get();
        return pipeline == null || pipeline.getStatus() == null ? new PipelineStatus() : pipeline.getStatus();
    }

    /**
     * Waits until Flink, asked by the operator through the JobManager Service, runs a job of a plan other than
     * {@code previousPlan}; meanwhile publishes the Service's name for the operator as cluster DNS answers it.
     */
    private static PipelineStatus awaitJobRunning(String previousPlan) {
        PipelineStatus[] last = new PipelineStatus[1];
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .alias("job RUNNING with a plan other than " + previousPlan).until(() -> {
            names.publish("counter-jobmanager." + NS + ".svc.cluster.local");
            last[0] = status();
            return last[0].upgrade == null && last[0].job != null && "RUNNING".equals(last[0].job.state)
                    && last[0].planHash != null && !last[0].planHash.equals(previousPlan);
        });
        return last[0];
    }

    private static Pod pod(String component) {
        Pod pod = podOrNull(component);
        assertThat(pod).as("a running " + component + " pod").isNotNull();
        return pod;
    }

    private static Pod podOrNull(String component) {
        return client().pods().inNamespace(NS).list().getItems().stream()
                .filter(p -> p.getMetadata().getName().startsWith("counter-" + component))
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> "Running".equals(p.getStatus().getPhase())).findFirst().orElse(null);
    }

    private static long completedCheckpoints() throws Exception {
        try (Stream<Path> files = Files.walk(CHECKPOINTS)) {
            return files.filter(Files::isDirectory).filter(d -> d.getFileName().toString().startsWith("chk-"))
                    .filter(d -> Files.exists(d.resolve("_metadata"))).count();
        }
    }

    private static void produceRound() {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < PER_ROUND; i++) {
                for (int u = 0; u < USERS; u++) {
                    producer.send(new ProducerRecord<>(NS + ".clicks", "u" + u,
                            "{\"user_id\":\"u" + u + "\",\"url\":\"/r" + rounds + "/" + i + "\"}"));
                }
            }
        }
        rounds++;
    }

    private static void awaitCounts(long expected) {
        Map<String, Long> latest = new TreeMap<>();
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2)).alias("every user's count at " + expected)
                .until(() -> {
            latest.clear();
            latest.putAll(counts());
            return latest.size() == USERS && latest.values().stream().allMatch(c -> c == expected);
        });
        assertThat(latest.values()).containsOnly(expected);
    }

    private static Map<String, Long> counts() throws Exception {
        Properties config = new Properties();
        config.putAll(kafka.clientConfig());
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", StringDeserializer.class.getName());
        Map<String, Long> latest = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(NS + ".totals", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        JsonNode value = JSON.readTree(r.value());
                        latest.put(value.path("user_id").asText(), value.path("clicks").asLong());
                    }
                }
            }
        }
        return latest;
    }
}
