package dev.tributary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.extension.RegisterExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.api.v1alpha1.UpgradeStatus;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.e2e.flink.LocalJobManagerPod;
import dev.tributary.local.FreePorts;
import dev.tributary.local.KafkaBroker;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Upgrades against real Flink: the operator runs as its own process against the real control plane and a real
 * KRaft broker, and talks to the Pipeline's JobManager through its REST endpoint setting, here pointed at a real
 * Flink cluster on this machine that runs the real runtime ({@link LocalJobManagerPod} plays the kubelet for the
 * JobManager Deployment the operator writes). A per-user click count is the state that must carry over.
 */
@ClusterTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineUpgradeE2E {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final String NS = "pipelines-upgrade";
    private static final int USERS = 8;
    private static final int PER_ROUND = 25;

    @RegisterExtension
    static final OperatorSuite suite = new OperatorSuite("pipeline-upgrade-e2e");
    private static TestCluster cluster;
    private static KafkaBroker kafka;
    private static OperatorProcess operator;
    private static LocalJobManagerPod jobManager;
    private static int restPort;
    private static Path work;
    private static int rounds;

    @BeforeAll
    static void start() {
        cluster = suite.cluster();
        work = suite.freshWork(); // counts are asserted: no topic data or checkpoints from an earlier run
        kafka = suite.kafka();
        restPort = FreePorts.forLaterListener();
        operator = suite.operator(operatorEnvironment());
        suite.namespace(NS);
        suite.hostPathVolume("pipelines-upgrade-checkpoints", "e2e-upgrade", "1Gi", "/tmp/tributary-e2e-upgrade");
        jobManager = suite.jobManagerPod(NS, "counter", restPort);
    }

    private static Map<String, String> operatorEnvironment() {
        return Map.of("TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "TRIBUTARY_RESYNC_PERIOD", "10s",
                "TRIBUTARY_FLINK_POLL_PERIOD", "2s",
                "TRIBUTARY_FLINK_REST_ENDPOINT", "http://127.0.0.1:" + restPort,
                // Other suites' Pipelines stay in the shared cluster; this operator has a Flink for this one only.
                "QUARKUS_OPERATOR_SDK_NAMESPACES", NS);
    }

    @Test
    @Order(1) // one sequence: each step upgrades the job the step before left running
    void thePipelineRunsOnFlinkAndItsStatusSaysSo() throws Exception {
        apply(resources("nobody-0", "running"));
        PipelineStatus status = awaitJobRunning(null);
        assertThat(status.phase.name()).isEqualTo("Running");
        assertThat(status.job.state).isEqualTo("RUNNING");
        assertThat(status.job.id).as("the job runs under the id the operator gave its deployment")
                .isEqualTo(status.deployedJobId);
        assertThat(jobManager.starts()).containsExactly("-");
        produceRound();
        awaitCounts((long) rounds * PER_ROUND);
        await().atMost(TIMEOUT).until(() -> status().lastCheckpoint != null && status().condition("Checkpointing")
                .map(c -> "True".equals(c.status) && "CheckpointsCompleting".equals(c.reason)).orElse(false));
        assertThat(flink("/jobs/" + status().job.id + "/config").path("execution-config").path("user-config")
                .path("tributary.plan-hash").asText()).as("the job says which plan it runs").isEqualTo(status().planHash);
        await().atMost(TIMEOUT).alias("status.lag agrees with the consumer group's own offsets")
                .until(() -> status().lag != null && Long.valueOf(independentLag()).equals(status().lag.records)
                        && status().lag.records == 0);
        assertThat(status().lag.seconds).isZero();
    }

    @Test
    @Order(2)
    void aChangedSqlIsAnUpgradeThroughASavepointAndTheCountsContinue() throws Exception {
        PipelineStatus before = status();
        apply(resources("nobody-1", "running"));
        PipelineStatus after = awaitJobRunning(before.planHash);
        assertThat(after.lastSavepoint.reason).isEqualTo("upgrade");
        assertThat(after.restoredFrom).isEqualTo(after.lastSavepoint.path);
        assertThat(jobManager.starts()).as("the JobManager restarted once, from the savepoint").hasSize(2)
                .last().isEqualTo(after.lastSavepoint.path);
        assertThat(restoredFrom(after.job.id)).isEqualTo(after.lastSavepoint.path);
        produceRound();
        awaitCounts((long) rounds * PER_ROUND);
        assertThat(events()).contains("SavepointRequested", "SavepointTaken", "Upgraded");
        System.out.printf("[upgrade] SQL changed: savepoint %s recorded, job %s restored from it, counts continued"
                + " to %d%n", after.lastSavepoint.path, after.job.id, 2 * PER_ROUND);
    }

    @Test
    @Order(3)
    void suspendTakesASavepointAndScalesToZeroAndResumeStartsFromIt() throws Exception {
        apply(resources("nobody-1", "suspended"));
        await().atMost(TIMEOUT).until(() -> status().phase != null && "Suspended".equals(status().phase.name())
                && status().upgrade == null);
        PipelineStatus suspended = status();
        assertThat(suspended.lastSavepoint.reason).isEqualTo("suspend");
        assertThat(suspended.condition("Checkpointing")).get().satisfies(c -> assertThat(c.reason)
                .isEqualTo("JobNotRunning"));
        assertThat(client().apps().deployments().inNamespace(NS).withName("counter-jobmanager").get().getSpec()
                .getReplicas()).isZero();
        assertThat(client().apps().deployments().inNamespace(NS).withName("counter-taskmanager").get().getSpec()
                .getReplicas()).isZero();
        await().atMost(TIMEOUT).until(() -> !jobManager.running());
        produceRound(); // while suspended: read after the resume, from the savepoint's offsets

        apply(resources("nobody-1", "running"));
        PipelineStatus resumed = awaitJobRunning(null);
        assertThat(resumed.restoredFrom).isEqualTo(suspended.lastSavepoint.path);
        assertThat(jobManager.starts()).last().isEqualTo(suspended.lastSavepoint.path);
        assertThat(restoredFrom(resumed.job.id)).isEqualTo(suspended.lastSavepoint.path);
        awaitCounts((long) rounds * PER_ROUND);
        System.out.printf("[suspend] savepoint %s, scaled to zero, resumed from it, counts continued to %d%n",
                suspended.lastSavepoint.path, 3 * PER_ROUND);
    }

    @Test
    @Order(4)
    void anOperatorKilledBetweenSavepointAndRedeployFinishesTheUpgradeWithTheSameSavepoint() throws Exception {
        apply(holdPolicy());
        PipelineStatus before = status();
        int startsBefore = jobManager.starts().size();
        apply(resources("nobody-2", "running"));
        await().atMost(TIMEOUT).until(() -> {
            PipelineStatus s = status();
            return s.upgrade != null && s.upgrade.step == UpgradeStatus.Step.Redeploying && s.lastSavepoint != null
                    && !s.lastSavepoint.path.equals(before.lastSavepoint.path)
                    && events().contains("ApplyFailed");
        });
        String savepoint = status().lastSavepoint.path;
        assertThat(status().upgrade.restore).isEqualTo(savepoint);
        operator.kill();
        CommandResult release = cluster.kubectl("delete", "validatingadmissionpolicybinding,validatingadmissionpolicy",
                "tributary-e2e-hold-jobmanager");
        assertThat(release.succeeded()).as(release.describe()).isTrue();
        operator = suite.operator(operatorEnvironment(), "operator-2.log");

        PipelineStatus after = awaitJobRunning(before.planHash);
        assertThat(after.lastSavepoint.path).as("no second savepoint was taken").isEqualTo(savepoint);
        assertThat(jobManager.starts()).hasSize(startsBefore + 1).last().isEqualTo(savepoint);
        assertThat(restoredFrom(after.job.id)).isEqualTo(savepoint);
        produceRound();
        awaitCounts((long) rounds * PER_ROUND);
        System.out.printf("[upgrade] operator killed after recording savepoint %s and before redeploying; on restart"
                + " it redeployed from that savepoint, counts continued to %d%n", savepoint, 4 * PER_ROUND);
    }

    @Test
    @Order(5)
    void aJobManagerThatCrashesResumesItsOwnJobFromItsNewestCheckpointNotFromTheSavepoint() throws Exception {
        PipelineStatus before = status();
        await().atMost(TIMEOUT).until(() -> flink("/jobs/" + before.job.id + "/checkpoints").path("latest")
                .path("completed").path("id").asLong() > 0);
        int starts = jobManager.starts().size();
        jobManager.crash();
        await().atMost(TIMEOUT).until(() -> jobManager.starts().size() == starts + 1 && jobManager.running());
        assertThat(jobManager.starts()).as("the same Deployment, the same arguments").last()
                .isEqualTo(before.restoredFrom);
        await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(restoredFrom(before.deployedJobId))
                .as("its own newest checkpoint, not the savepoint it was deployed with")
                .contains("/" + before.deployedJobId + "/chk-"));
        PipelineStatus after = awaitJobRunning(null);
        assertThat(after.job.id).isEqualTo(before.deployedJobId);
        produceRound();
        awaitCounts((long) rounds * PER_ROUND);
        System.out.printf("[upgrade] JobManager killed: restarted with the same arguments, job %s resumed from %s,"
                + " counts continued to %d%n", after.job.id, restoredFrom(after.job.id), 5 * PER_ROUND);
    }

    @Test
    @Order(6)
    void aChangeThatWouldLoseStateIsBlockedAndTheRunningJobKeepsRunningAndSaysWhy() throws Exception {
        PipelineStatus before = status();
        int starts = jobManager.starts().size();
        // COUNT(DISTINCT url) keeps the output columns but changes the aggregation's state: Flink cannot read it.
        apply(resources("nobody-2", "running").replace("COUNT(*) AS clicks", "COUNT(DISTINCT url) AS clicks"));
        await().atMost(TIMEOUT).alias("Upgrade condition UpgradeBlocked").until(() -> status().condition("Upgrade")
                .map(c -> "False".equals(c.status) && "UpgradeBlocked".equals(c.reason)).orElse(false));
        PipelineStatus blocked = status();
        assertThat(blocked.condition("Upgrade").orElseThrow().message).contains("GroupAggregate")
                .contains("upgradeMode: stateless");
        assertThat(blocked.condition("Ready").orElseThrow().reason).as("Ready as the running job is")
                .isEqualTo("JobRunning");
        assertThat(blocked.planHash).isEqualTo(before.planHash);
        assertThat(blocked.upgrade).isNull();
        assertThat(blocked.job.id).as("the same job runs").isEqualTo(before.job.id);
        assertThat(jobManager.starts()).as("the JobManager was not touched").hasSize(starts);
        produceRound();
        awaitCounts((long) rounds * PER_ROUND);

        apply(resources("nobody-2", "running")); // back to the running plan: nothing to do
        await().atMost(TIMEOUT).until(() -> status().condition("Upgrade").map(c -> "UpToDate".equals(c.reason))
                .orElse(false));
        assertThat(status().job.id).isEqualTo(before.job.id);
        System.out.printf("[gate] COUNT(DISTINCT url) blocked: %s; job %s kept running, counts continued to %d%n",
                blocked.condition("Upgrade").orElseThrow().message, before.job.id, 6 * PER_ROUND);
    }

    @Test
    @Order(7)
    void anUpgradeWhoseJobCannotRestoreIsRolledBackFromTheSavepointEvenByAnOperatorKilledDuringTheRollback()
            throws Exception {
        PipelineStatus before = status();
        long outputFrom = endOffset();
        int startsBefore = jobManager.starts().size();
        // A typo in a Flink setting: the judge sees the same operators and state (it judges operator ids, state
        // shapes and key groups, not whether Flink can load a state backend), so the gate lets it through; the new
        // JobManager cannot load state backend "rockdb" and the new job fails before it runs.
        apply(resources("nobody-2", "running") + "  flinkConfiguration: {state.backend.type: rockdb}\n"
                + "  upgrade: {verifyTimeout: 60s}\n");
        await().atMost(TIMEOUT).alias("the new plan's JobManager deployed").until(() -> {
            PipelineStatus s = status();
            return s.upgrade != null && s.upgrade.previousPlanHash != null && jobManager.starts().size() > startsBefore;
        });
        String savepoint = status().upgrade.restore;
        assertThat(savepoint).isNotEqualTo(before.lastSavepoint.path);
        // From now on the JobManager cannot be changed back to the previous plan: the rollback is recorded, its
        // apply refused, and the operator is killed there.
        apply(holdRollback(before.planHash));
        await().atMost(TIMEOUT).alias("RollingBack recorded, its JobManager refused").until(() -> {
            PipelineStatus s = status();
            return s.upgrade != null && s.upgrade.step == UpgradeStatus.Step.RollingBack
                    && events().contains("ApplyFailed");
        });
        String failure = status().upgrade.failure;
        assertThat(failure).as("Flink's error, as one line").contains("rockdb").doesNotContain("\n");
        operator.kill();
        CommandResult release = cluster.kubectl("delete", "validatingadmissionpolicybinding,validatingadmissionpolicy",
                "tributary-e2e-hold-rollback");
        assertThat(release.succeeded()).as(release.describe()).isTrue();
        operator = suite.operator(operatorEnvironment(), "operator-3.log");

        await().atMost(TIMEOUT).alias("rolled back: the previous plan runs, Ready=False UpgradeFailed").until(() -> {
            PipelineStatus s = status();
            return s.upgrade == null && s.failedUpgrade != null && s.job != null && "RUNNING".equals(s.job.state)
                    && s.condition("Ready").map(c -> "UpgradeFailed".equals(c.reason)).orElse(false);
        });
        PipelineStatus after = status();
        assertThat(after.planHash).as("the previous plan").isEqualTo(before.planHash);
        assertThat(after.restoredFrom).isEqualTo(savepoint);
        assertThat(restoredFrom(after.job.id)).as("the same savepoint").isEqualTo(savepoint);
        assertThat(jobManager.starts()).last().isEqualTo(savepoint);
        assertThat(after.failedUpgrade.message).isEqualTo(failure).doesNotContain("\n");
        assertThat(after.condition("Ready").orElseThrow().message).contains("rolled back").contains(failure);
        assertThat(events()).contains("RollingBack", "RolledBack");
        produceRound();
        awaitCounts((long) rounds * PER_ROUND);
        Map<String, List<Long>> output = countsSince(outputFrom);
        assertThat(output).as("every user's counts after the savepoint, as a read_committed reader sees them")
                .hasSize(USERS);
        output.values().forEach(counts -> assertThat(counts).as("none missing, none twice")
                .isSorted().doesNotHaveDuplicates().last().isEqualTo((long) rounds * PER_ROUND));
        System.out.printf("[rollback] new job failed (%s); operator killed mid-rollback, restarted, previous plan"
                + " redeployed from %s, counts continued to %d with no duplicate%n", failure, savepoint,
                (long) rounds * PER_ROUND);
    }

    // --- helpers ---

    /** Refuses the JobManager Deployment going back to {@code planHash}: the rollback's apply, not the upgrade's. */
    private static String holdRollback(String planHash) {
        return """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: tributary-e2e-hold-rollback}
                spec:
                  failurePolicy: Fail
                  matchConstraints:
                    resourceRules:
                      - {apiGroups: [apps], apiVersions: [v1], operations: [UPDATE], resources: [deployments],
                         resourceNames: [counter-jobmanager]}
                  validations:
                    - expression: "object.spec.template.metadata.annotations['tributary.dev/plan-hash'] != '%s'"
                      message: held by PipelineUpgradeE2E
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: tributary-e2e-hold-rollback}
                spec:
                  policyName: tributary-e2e-hold-rollback
                  validationActions: [Deny]
                  matchResources:
                    namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: %s}}
                """.formatted(planHash, NS);
    }

    private static long endOffset() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig())) {
            TopicPartition partition = new TopicPartition(NS + ".totals", 0);
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    /** Each user's counts in the sink's topic from {@code offset} on, in order, committed records only. */
    private static Map<String, List<Long>> countsSince(long offset) throws Exception {
        Map<String, List<Long>> counts = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig())) {
            TopicPartition partition = new TopicPartition(NS + ".totals", 0);
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        JsonNode value = JSON.readTree(r.value());
                        counts.computeIfAbsent(value.path("user_id").asText(), u -> new java.util.ArrayList<>())
                                .add(value.path("clicks").asLong());
                    }
                }
            }
        }
        return counts;
    }

    private static Properties consumerConfig() {
        Properties config = new Properties();
        config.putAll(kafka.clientConfig());
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", StringDeserializer.class.getName());
        config.put("isolation.level", "read_committed");
        return config;
    }

    private static KubernetesClient client() {
        return cluster.client();
    }

    /** The counter with an exactly-once sink: what the rollback's "no duplicates" is checked against. */
    private static String resources(String excludedUser, String state) {
        return CounterPipeline.resources(NS, "e2e-upgrade", excludedUser, state)
                .replace("guarantee: at-least-once", "guarantee: exactly-once");
    }

    private static String holdPolicy() {
        return CounterPipeline.holdJobManager(NS, "tributary-e2e-hold-jobmanager", "PipelineUpgradeE2E");
    }

    private static void apply(String yaml) {
        cluster.apply(null, yaml);
    }

    private static PipelineStatus status() {
        Pipeline pipeline = client().resources(Pipeline.class).inNamespace(NS).withName("counter").get();
        return pipeline == null || pipeline.getStatus() == null ? new PipelineStatus() : pipeline.getStatus();
    }

    /** Waits until no upgrade is in flight and Flink runs a job of a plan other than {@code previousPlan}. */
    private static PipelineStatus awaitJobRunning(String previousPlan) {
        PipelineStatus[] last = new PipelineStatus[1];
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .alias("job RUNNING with a plan other than " + previousPlan).until(() -> {
            last[0] = status();
            return last[0].upgrade == null && last[0].job != null && "RUNNING".equals(last[0].job.state)
                    && last[0].condition("Ready").map(c -> "JobRunning".equals(c.reason)).orElse(false)
                    && last[0].planHash != null && !last[0].planHash.equals(previousPlan);
        });
        return last[0];
    }

    private static String restoredFrom(String jobId) throws Exception {
        return flink("/jobs/" + jobId + "/checkpoints").path("latest").path("restored").path("external_path").asText();
    }

    private static JsonNode flink(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + restPort + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String events() {
        return cluster.kubectl("get", "events", "-n", NS, "-o", "jsonpath={.items[*].reason}").stdout();
    }

    /** One click per user and round, {@link #PER_ROUND} rounds. */
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

    /** The latest count per user in the sink's upsert topic, until every user has {@code expected}. */
    private static void awaitCounts(long expected) {
        Map<String, Long> latest = new TreeMap<>();
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).alias("every user's count at " + expected)
                .until(() -> {
            latest.clear();
            latest.putAll(counts());
            return latest.size() == USERS && latest.values().stream().allMatch(c -> c == expected);
        });
        assertThat(latest.values()).containsOnly(expected);
    }

    /** End offsets of the source topic minus what the Pipeline's consumer group committed, read here directly. */
    private static long independentLag() throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets("tributary-" + NS + "-counter").partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(NS + ".clicks")).allTopicNames().get().get(NS + ".clicks").partitions()
                    .forEach(p -> latest.put(new TopicPartition(NS + ".clicks", p.partition()), OffsetSpec.latest()));
            long behind = 0;
            for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                behind += end.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return behind;
        }
    }

    private static Map<String, Long> counts() throws Exception {
        Properties config = consumerConfig();
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
