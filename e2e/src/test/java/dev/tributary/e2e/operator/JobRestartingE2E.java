package dev.tributary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.e2e.cluster.TestDirs;
import dev.tributary.e2e.flink.LocalJobManagerPod;
import dev.tributary.local.FreePorts;
import dev.tributary.local.KafkaBroker;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A restart loop is visible: a Pipeline whose job cannot get past a failure — it writes files under {@code /proc},
 * where no directory can be made, so every record it writes fails the task — runs on a real Flink JobManager
 * ({@link LocalJobManagerPod}); Flink restarts it again and again. Within one poll of Flink first reporting a restart,
 * the Pipeline's Ready condition says {@code JobRestarting} with Flink's last exception as one line, and
 * {@code status.job.lastError} holds that line.
 */
@ClusterTest
class JobRestartingE2E {

    private static final String NS = "job-restarting";
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofMinutes(4); // a JobManager takes minutes to start under load
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aJobThatKeepsRestartingIsJobRestartingWithItsLastExceptionWithinOnePoll() throws Exception {
        TestCluster cluster = Clusters.shared();
        cluster.installCrds();
        Path work = Clusters.workDir().resolve("job-restarting-e2e");
        TestDirs.deleteRecursively(work);
        int restPort = FreePorts.forLaterListener();
        try (KafkaBroker kafka = KafkaBroker.start(Files.createDirectories(work.resolve("kafka")));
                OperatorProcess operator = new OperatorProcess(cluster.kubeconfig(), Map.of(
                        "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                        "TRIBUTARY_RESYNC_PERIOD", "10s",
                        "TRIBUTARY_FLINK_POLL_PERIOD", POLL.toSeconds() + "s",
                        "TRIBUTARY_FLINK_REST_ENDPOINT", "http://127.0.0.1:" + restPort,
                        "QUARKUS_OPERATOR_SDK_NAMESPACES", NS), work.resolve("operator.log")).start()) {
            cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata()
                    .build()).serverSideApply();
            cluster.client().persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata()
                    .withName(NS).endMetadata().withNewSpec().withCapacity(Map.of("storage", new Quantity("1Gi")))
                    .withAccessModes("ReadWriteOnce").withStorageClassName(NS).withNewHostPath()
                    .withPath("/tmp/tributary-e2e-" + NS).endHostPath().endSpec().build()).serverSideApply();
            try (LocalJobManagerPod jobManager = new LocalJobManagerPod(cluster.client(), NS, "archiver", restPort,
                    Files.createDirectories(work.resolve("jobmanager"))).start()) {
                cluster.apply(NS, resources());
                String jobId = awaitRunningJob(cluster);

                produce(kafka, 20);
                // Flink's own word: the moment it first says the job restarted (or is restarting).
                await().atMost(TIMEOUT).ignoreExceptions().pollInterval(Duration.ofMillis(100)).alias("Flink restarts the job")
                        .until(() -> restartedPerFlink(restPort, jobId));
                long flinkSaid = System.nanoTime();
                PipelineStatus[] seen = new PipelineStatus[1];
                await().atMost(Duration.ofMinutes(1)).ignoreExceptions().pollInterval(Duration.ofMillis(100))
                        .alias("JobRestarting in status").until(() -> {
                            seen[0] = status(cluster);
                            return seen[0].condition("Ready").map(c -> "JobRestarting".equals(c.reason))
                                    .orElse(false);
                        });
                Duration latency = Duration.ofNanos(System.nanoTime() - flinkSaid);
                Condition ready = seen[0].condition("Ready").orElseThrow();
                System.out.printf("[job-restarting] Flink restarted job %s; status said JobRestarting %d ms later:"
                        + " %s%n", jobId, latency.toMillis(), ready.message);
                assertThat(ready.status).isEqualTo(Condition.FALSE);
                assertThat(ready.message).contains("Last error: ").doesNotContain("\n");
                assertThat(seen[0].job.lastError).as("Flink's last exception, as one line").isNotBlank()
                        .doesNotContain("\n").contains("/proc/tributary-e2e");
                assertThat(ready.message).contains(seen[0].job.lastError);
                // One poll, plus the reconcile that writes it; under load a reconcile can take seconds.
                assertThat(latency).as("within one poll (%s) and its reconcile", POLL)
                        .isLessThan(POLL.plus(Duration.ofSeconds(20)));

                // It stays visible while the loop goes on: also between restarts, when Flink says RUNNING.
                produce(kafka, 20);
                await().atMost(TIMEOUT).ignoreExceptions().until(() -> restarts(restPort, jobId) >= 2);
                assertThat(status(cluster).condition("Ready").map(c -> c.reason)).contains("JobRestarting");
            }
        }
    }

    private static String resources() {
        return """
                apiVersion: tributary.dev/v1alpha1
                kind: Source
                metadata: {name: clicks}
                spec:
                  topic: {partitions: 1, replicationFactor: 1}
                  format: json
                  schema: {fields: [{name: user_id, type: STRING NOT NULL}, {name: url, type: STRING}]}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Sink
                metadata: {name: archive}
                spec:
                  filesystem: {path: /proc/tributary-e2e/archive, format: json, rollInterval: 10s}
                  schema: {fields: [{name: user_id, type: STRING NOT NULL}, {name: url, type: STRING}]}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Pipeline
                metadata: {name: archiver}
                spec:
                  sources: [clicks]
                  sinks: [archive]
                  sql: INSERT INTO archive SELECT user_id, url FROM clicks
                  parallelism: {initial: 1, min: 1, max: 1}
                  checkpoints:
                    interval: 5s
                    guarantee: at-least-once
                    storage: {volume: {size: 1Gi, storageClassName: %s}}
                """.formatted(NS);
    }

    private static String awaitRunningJob(TestCluster cluster) {
        PipelineStatus[] last = new PipelineStatus[1];
        await().atMost(TIMEOUT).ignoreExceptions().pollInterval(Duration.ofMillis(500)).alias("the job observed RUNNING").until(() -> {
            last[0] = status(cluster);
            return last[0].job != null && "RUNNING".equals(last[0].job.state);
        });
        return last[0].job.id;
    }

    private static boolean restartedPerFlink(int restPort, String jobId) throws Exception {
        JsonNode job = flink(restPort, "/jobs/" + jobId);
        return restarts(restPort, jobId) > 0 || "RESTARTING".equals(job.path("state").asText())
                || "FAILING".equals(job.path("state").asText());
    }

    private static long restarts(int restPort, String jobId) throws Exception {
        return flink(restPort, "/jobs/" + jobId + "/metrics?get=numRestarts").path(0).path("value").asLong();
    }

    private static JsonNode flink(int restPort, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + restPort + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static PipelineStatus status(TestCluster cluster) {
        Pipeline pipeline = cluster.client().resources(Pipeline.class).inNamespace(NS).withName("archiver").get();
        return pipeline == null || pipeline.getStatus() == null ? new PipelineStatus() : pipeline.getStatus();
    }

    private static void produce(KafkaBroker kafka, int records) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(NS + ".clicks", "u" + i, "{\"user_id\":\"u" + i
                        + "\",\"url\":\"/p" + i + "\"}"));
            }
        }
    }
}
