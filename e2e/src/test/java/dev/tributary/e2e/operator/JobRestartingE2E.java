package dev.tributary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.e2e.flink.LocalJobManagerPod;
import dev.tributary.local.FreePorts;
import dev.tributary.local.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A restart loop is visible. The Pipeline joins each user's codes with each other where one, as a number, is at least
 * the other: the cast runs inside the join, a keyed operator that has already kept the row when its condition
 * fails, so a record whose code is no number cannot be dead-lettered and fails the task on every restore (a failure
 * in a projection or filter becomes a dead letter instead, before the shuffle or after it: {@code QueryErrorsIT}).
 * On a real Flink JobManager ({@link LocalJobManagerPod}), within one poll of Flink first saying the job restarted,
 * the Pipeline's Ready condition says {@code JobRestarting} with Flink's last exception as one line, in
 * {@code status.job.lastError} too; it stays so between restarts, when Flink says RUNNING. Fixing the query gets it
 * out of the loop: the job is redeployed from its newest checkpoint and runs.
 */
@ClusterTest
class JobRestartingE2E {

    private static final String NS = "job-restarting";
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofMinutes(4); // a JobManager takes minutes to start under load
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final OperatorSuite suite = new OperatorSuite("job-restarting-e2e");
    private static TestCluster cluster;
    private static KafkaBroker kafka;
    private static int restPort;

    @BeforeAll
    static void start() {
        cluster = suite.cluster();
        suite.freshWork();
        kafka = suite.kafka();
        restPort = FreePorts.forLaterListener();
        suite.operator(Map.of(
                "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "TRIBUTARY_RESYNC_PERIOD", "10s",
                "TRIBUTARY_FLINK_POLL_PERIOD", POLL.toSeconds() + "s",
                "TRIBUTARY_FLINK_REST_ENDPOINT", "http://127.0.0.1:" + restPort,
                "QUARKUS_OPERATOR_SDK_NAMESPACES", NS));
        suite.namespace(NS);
        suite.hostPathVolume(NS, NS, "1Gi", "/tmp/tributary-e2e-" + NS);
        suite.jobManagerPod(NS, "coder", restPort);
    }

    @Test
    void aJobThatKeepsRestartingIsJobRestartingWithItsLastExceptionWithinOnePoll() throws Exception {
        cluster.apply(NS, resources());
        String jobId = awaitRunningJob();
        produce("u1", "17", "u2", "23");
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).alias("good records counted, no restart")
                .until(() -> checkpointsCompleted(jobId) > 0);
        assertThat(restarts(jobId)).as("restarts before the bad record").isZero();
        assertThat(status().condition("Ready").map(c -> c.reason)).contains("JobRunning");

        produce("u3", "seventeen");
        // Flink's own word: the moment it first says the job restarted (or is restarting).
        await().atMost(TIMEOUT).ignoreExceptions().pollInterval(Duration.ofMillis(100)).alias("Flink restarts the job")
                .until(() -> restarts(jobId) > 0 || Map.of("RESTARTING", 1, "FAILING", 1)
                        .containsKey(flink("/jobs/" + jobId).path("state").asText()));
        long flinkSaid = System.nanoTime();
        PipelineStatus[] seen = new PipelineStatus[1];
        await().atMost(Duration.ofMinutes(1)).ignoreExceptions().pollInterval(Duration.ofMillis(100))
                .alias("JobRestarting with Flink's exception in status").until(() -> {
                    seen[0] = status();
                    // Flink's exception history can lag its state by a moment: the poll after says why
                    return seen[0].condition("Ready").map(c -> "JobRestarting".equals(c.reason)
                            && c.message.contains("Last error: ")).orElse(false);
                });
        Duration latency = Duration.ofNanos(System.nanoTime() - flinkSaid);
        Condition ready = seen[0].condition("Ready").orElseThrow();
        System.out.printf("[job-restarting] Flink restarted job %s; status said JobRestarting %d ms later: %s%n", jobId,
                latency.toMillis(), ready.message);
        assertThat(ready.status).isEqualTo(Condition.FALSE);
        assertThat(ready.message).contains("Last error: ").doesNotContain("\n");
        assertThat(seen[0].job.lastError).as("Flink's last exception, as one line").isNotBlank()
                .doesNotContain("\n").contains("NumberFormatException").contains("seventeen");
        assertThat(ready.message).contains(seen[0].job.lastError);
        // One poll, plus the reconcile that writes it; under load a reconcile can take seconds.
        assertThat(latency).as("within one poll (%s) and its reconcile", POLL)
                .isLessThan(POLL.plus(Duration.ofSeconds(20)));

        // The loop goes on by itself (the record is read again on every restore), and stays visible.
        await().atMost(TIMEOUT).ignoreExceptions().pollInterval(Duration.ofSeconds(1)).alias("a second restart")
                .until(() -> restarts(jobId) >= 2);
        assertThat(status().condition("Ready").map(c -> c.reason)).contains("JobRestarting");

        // Not stuck for good: the query fixed (TRY_CAST gives NULL for what is no number), the Pipeline moves on. A
        // job that cannot take a savepoint is redeployed from its newest checkpoint, which precedes the bad record.
        String planBefore = status().planHash;
        cluster.apply(NS, resources().replace("CAST(", "TRY_CAST("));
        PipelineStatus[] fixed = new PipelineStatus[1];
        await().atMost(TIMEOUT).ignoreExceptions().pollInterval(Duration.ofMillis(500)).alias("the fixed job runs")
                .until(() -> {
                    fixed[0] = status();
                    return fixed[0].upgrade == null && !planBefore.equals(fixed[0].planHash) && fixed[0].job != null
                            && !jobId.equals(fixed[0].job.id)
                            && fixed[0].condition("Ready").map(c -> "JobRunning".equals(c.reason)).orElse(false);
                });
        String fixedJob = fixed[0].job.id;
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).alias("the fixed job checkpoints")
                .until(() -> checkpointsCompleted(fixedJob) > 0);
        System.out.printf("[job-restarting] after the fix: job %s %s, restarts %d: %s%n", fixedJob, fixed[0].job.state,
                restarts(fixedJob), fixed[0].condition("Ready").orElseThrow().message);
        assertThat(restarts(fixedJob)).as("restarts of the fixed job").isZero();
    }

    private static String resources() {
        return """
                apiVersion: tributary.dev/v1alpha1
                kind: Source
                metadata: {name: codes}
                spec:
                  topic: {partitions: 1, replicationFactor: 1}
                  format: json
                  schema: {fields: [{name: user_id, type: STRING NOT NULL}, {name: code, type: STRING}]}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Sink
                metadata: {name: pairs}
                spec:
                  kafka: {topic: {partitions: 1, replicationFactor: 1}, keyFields: [user_id]}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Pipeline
                metadata: {name: coder}
                spec:
                  sources: [codes]
                  sinks: [pairs]
                  sql: >-
                    INSERT INTO pairs SELECT a.user_id, COUNT(*) AS pairs FROM codes a JOIN codes b
                    ON a.user_id = b.user_id AND CAST(a.code AS INT) >= CAST(b.code AS INT) GROUP BY a.user_id
                  parallelism: {initial: 1, min: 1, max: 1}
                  checkpoints:
                    interval: 2s
                    guarantee: at-least-once
                    storage: {volume: {size: 1Gi, storageClassName: %s}}
                """.formatted(NS);
    }

    private static String awaitRunningJob() {
        PipelineStatus[] last = new PipelineStatus[1];
        await().atMost(TIMEOUT).ignoreExceptions().pollInterval(Duration.ofMillis(500)).alias("the job observed RUNNING")
                .until(() -> {
                    last[0] = status();
                    return last[0].job != null && "RUNNING".equals(last[0].job.state);
                });
        return last[0].job.id;
    }

    private static long restarts(String jobId) throws Exception {
        return flink("/jobs/" + jobId + "/metrics?get=numRestarts").path(0).path("value").asLong();
    }

    private static long checkpointsCompleted(String jobId) throws Exception {
        return flink("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    private static JsonNode flink(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + restPort + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static PipelineStatus status() {
        Pipeline pipeline = cluster.client().resources(Pipeline.class).inNamespace(NS).withName("coder").get();
        return pipeline == null || pipeline.getStatus() == null ? new PipelineStatus() : pipeline.getStatus();
    }

    /** Records of user and code, in pairs. */
    private static void produce(String... userAndCode) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < userAndCode.length; i += 2) {
                producer.send(new ProducerRecord<>(NS + ".codes", userAndCode[i], "{\"user_id\":\"" + userAndCode[i]
                        + "\",\"code\":\"" + userAndCode[i + 1] + "\"}"));
            }
        }
    }
}
