package dev.tributary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.extension.RegisterExtension;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.e2e.flink.LocalJobManagerPod;
import dev.tributary.local.FreePorts;
import dev.tributary.local.KafkaBroker;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lag autoscaler on the real control plane, a real KRaft broker and a real Flink JobManager
 * ({@link LocalJobManagerPod}): a backlog on a Pipeline with autoscaling on shows in {@code status.lag} and
 * {@code status.autoscaler}, the TaskManager Deployment is scaled up (never above the partitions or
 * {@code parallelism.max}), and once the load stops it is scaled down again, with events, without the operator
 * touching the Pipeline's spec, and with no API writes once nothing changes. The TaskManager pods are kwok's: the
 * local Flink cluster's capacity does not grow with them, which the policy may notice (effectiveness guard).
 */
@ClusterTest
class AutoscalerE2E {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final String NS = "pipelines-autoscale";
    private static final int USERS = 16;
    private static final long MAX_RECORDS = 3_000_000;
    private static final List<String> WATCHED = List.of("deployments", "pipelines", "events");

    @RegisterExtension
    static final OperatorSuite suite = new OperatorSuite("autoscaler-e2e");
    private static TestCluster cluster;
    private static KafkaBroker kafka;
    private static OperatorProcess operator;
    private static LocalJobManagerPod jobManager;

    @BeforeAll
    static void start() {
        cluster = suite.cluster();
        suite.freshWork();
        kafka = suite.kafka();
        int restPort = FreePorts.forLaterListener();
        operator = suite.operator(Map.ofEntries(
                Map.entry("TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()),
                // long: lastCheckpoint moves once per resync, which would be a write while nothing else changes
                Map.entry("TRIBUTARY_RESYNC_PERIOD", "5m"),
                Map.entry("TRIBUTARY_FLINK_POLL_PERIOD", "2s"),
                Map.entry("TRIBUTARY_FLINK_REST_ENDPOINT", "http://127.0.0.1:" + restPort),
                Map.entry("TRIBUTARY_AUTOSCALER_RESTART_COST", "1s"),
                Map.entry("TRIBUTARY_AUTOSCALER_WARM_UP", "20s"),
                Map.entry("TRIBUTARY_AUTOSCALER_CATCH_UP", "5s"),
                Map.entry("TRIBUTARY_AUTOSCALER_RATE_WINDOW", "2s"),
                Map.entry("QUARKUS_OPERATOR_SDK_NAMESPACES", NS)));
        suite.namespace(NS);
        suite.hostPathVolume("pipelines-autoscale-checkpoints", "e2e-autoscale", "1Gi", "/tmp/tributary-e2e-autoscale");
        jobManager = suite.jobManagerPod(NS, "drain", restPort);
    }

    @Test
    void aBacklogScalesTheTaskManagersUpAndTheyComeDownWhenItIsGoneWithoutTouchingTheSpec() throws Exception {
        cluster.apply(null, resources());
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).alias("job RUNNING").until(() ->
                status().job != null && "RUNNING".equals(status().job.state) && status().autoscaler != null);
        Pipeline before = pipeline();
        assertThat(taskManagers()).isEqualTo(1);

        AtomicBoolean loadOn = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        Thread load = new Thread(() -> produceWhile(loadOn, sent), "autoscaler-e2e-load");
        load.start();
        PipelineStatus[] behind = new PipelineStatus[1];
        try {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).alias("a scale-up").until(() -> {
                behind[0] = status();
                return behind[0].autoscaler != null && behind[0].autoscaler.desiredReplicas != null
                        && behind[0].autoscaler.desiredReplicas > 1;
            });
        } finally {
            loadOn.set(false);
            load.join();
        }
        System.out.printf("[measure] %,d records sent; scaled up to %d: %s (status.lag %s records, %s s)%n",
                sent.get(), behind[0].autoscaler.desiredReplicas, behind[0].autoscaler.reason,
                behind[0].lag == null ? null : behind[0].lag.records, behind[0].lag == null ? null : behind[0].lag.seconds);
        assertThat(behind[0].autoscaler.reason).contains("> target 2 s");
        assertThat(behind[0].autoscaler.lastScaleTime).isNotNull();
        assertThat(behind[0].autoscaler.lastScaleDirection).as("kept in the status for a restarted operator")
                .isEqualTo("Up");
        assertThat(behind[0].lag).isNotNull();
        assertThat(behind[0].lag.records).isPositive();
        int desired = behind[0].autoscaler.desiredReplicas;
        assertThat(desired).as("at most parallelism.max 3 and the 4 partitions; 2 and 3 leave a reader 2 partitions")
                .isEqualTo(2);
        await().atMost(TIMEOUT).alias("the TaskManager Deployment scaled up").until(() -> taskManagers() == desired);

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).alias("scaled down to 1 and lag 0")
                .until(() -> taskManagers() == 1 && status().lag != null && Long.valueOf(0).equals(status().lag.records)
                        && status().autoscaler.desiredReplicas == 1);
        System.out.printf("[measure] scaled down: %s%n", events("ScaledDown"));
        assertThat(events("ScaledUp")).contains("from 1 to 2 TaskManagers");
        assertThat(events("ScaledDown")).contains("to 1 TaskManagers");
        assertThat(status().autoscaler.lastScaleDirection).isEqualTo("Down");

        Pipeline after = pipeline();
        assertThat(after.getMetadata().getGeneration()).as("the operator never writes the spec")
                .isEqualTo(before.getMetadata().getGeneration());
        assertThat(Serialization.asJson(after.getSpec())).isEqualTo(Serialization.asJson(before.getSpec()));

        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).alias("the restart's stabilisation is over")
                .until(() -> status().autoscaler.reason.contains("1 TaskManager keep up"));
        String settled = status().autoscaler.reason;
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2)).alias("the decision settles")
                .until(() -> quiet(Duration.ofSeconds(6)).isEmpty());
        Map<String, Double> writes = quiet(Duration.ofSeconds(20));
        System.out.printf("[measure] idle, 20 s of polls every 2 s: API writes %s; autoscaler: %s%n",
                writes.isEmpty() ? "0" : writes, settled);
        assertThat(writes).as("writes to the API server by resource and verb while nothing changes").isEmpty();
    }

    private static Map<String, Double> quiet(Duration window) throws InterruptedException {
        return ApiWrites.during(cluster, NS, WATCHED, window);
    }

    private static void produceWhile(AtomicBoolean on, AtomicLong sent) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", StringSerializer.class.getName());
        config.put("linger.ms", "20");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            long i = 0;
            while (on.get() && i < MAX_RECORDS) {
                String user = "u" + (i % USERS);
                producer.send(new ProducerRecord<>(NS + ".clicks", user,
                        "{\"user_id\":\"" + user + "\",\"url\":\"/p/" + i + "\"}"));
                i++;
                sent.set(i);
            }
        }
    }

    private static String resources() {
        return """
                apiVersion: tributary.dev/v1alpha1
                kind: Source
                metadata: {name: clicks, namespace: %1$s}
                spec:
                  topic: {partitions: 4, replicationFactor: 1}
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
                metadata: {name: drain, namespace: %1$s}
                spec:
                  sources: [clicks]
                  sinks: [totals]
                  sql: INSERT INTO totals SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id
                  parallelism: {initial: 1, min: 1, max: 3}
                  autoscaling: {enabled: true, targetLagSeconds: 2, scaleDownDelay: 5s}
                  resources: {taskManager: {taskSlots: 1}}
                  checkpoints:
                    interval: 1s
                    guarantee: at-least-once
                    storage: {volume: {size: 1Gi, storageClassName: e2e-autoscale}}
                """.formatted(NS);
    }

    private static int taskManagers() {
        Integer replicas = client().apps().deployments().inNamespace(NS).withName("drain-taskmanager").get().getSpec()
                .getReplicas();
        return replicas == null ? 0 : replicas;
    }

    private static String events(String reason) {
        return cluster.kubectl("get", "events", "-n", NS, "--field-selector", "reason=" + reason, "-o",
                "jsonpath={.items[*].message}").stdout();
    }

    private static Pipeline pipeline() {
        return client().resources(Pipeline.class).inNamespace(NS).withName("drain").get();
    }

    private static PipelineStatus status() {
        Pipeline pipeline = pipeline();
        return pipeline == null || pipeline.getStatus() == null ? new PipelineStatus() : pipeline.getStatus();
    }

    private static KubernetesClient client() {
        return cluster.client();
    }
}
