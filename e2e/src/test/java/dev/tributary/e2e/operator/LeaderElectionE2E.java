package dev.tributary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.extension.RegisterExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.api.v1alpha1.UpgradeStatus;
import dev.tributary.e2e.argocd.HealthFixtures;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.e2e.flink.LocalJobManagerPod;
import dev.tributary.local.FreePorts;
import dev.tributary.local.KafkaBroker;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two operator processes with leader election on, against the real control plane, a real broker and a real Flink:
 * only the Lease holder reconciles; SIGKILLed in the middle of an upgrade (savepoint recorded, redeploy refused by
 * an admission policy), the standby takes the Lease within the lease duration and finishes the upgrade with the
 * same savepoint. Who wrote what is read from the API server's audit log, where every request carries its
 * process's identity as user agent: the killed leader's last write comes before the new leader's first.
 */
@ClusterTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeaderElectionE2E {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final String NS = "pipelines-leader";
    private static final String LEASE_NS = "tributary-leader";
    private static final Duration LEASE_DURATION = Duration.ofSeconds(15);
    private static final Duration RETRY_PERIOD = Duration.ofSeconds(2);
    private static final String USER_AGENT = "tributary-operator/";

    /**
     * One of each kind beside the upgrade: applied before any operator runs (no status yet), then changed while no
     * operator leads (a generation no status describes). The Pipeline stays suspended, so it runs no job.
     */
    private static final String IDLE = """
            apiVersion: tributary.dev/v1alpha1
            kind: Source
            metadata: {name: views, namespace: %1$s}
            spec:
              topic: {partitions: %2$d, replicationFactor: 1}
              format: json
              schema: {fields: [{name: page, type: STRING NOT NULL}]}
            ---
            apiVersion: tributary.dev/v1alpha1
            kind: Sink
            metadata: {name: pageviews, namespace: %1$s}
            spec:
              kafka: {topic: {partitions: %2$d, replicationFactor: 1}}
            ---
            apiVersion: tributary.dev/v1alpha1
            kind: Pipeline
            metadata: {name: idle, namespace: %1$s}
            spec:
              sources: [views]
              sinks: [pageviews]
              sql: INSERT INTO pageviews SELECT page FROM views WHERE page <> '%2$d'
              state: suspended
            ---
            apiVersion: tributary.dev/v1alpha1
            kind: Dashboard
            metadata: {name: idle, namespace: %1$s}
            spec:
              title: Idle pipelines
              pipelines: {names: [idle]}
            """;

    @RegisterExtension
    static final OperatorSuite suite = new OperatorSuite("leader-election-e2e");
    private static TestCluster cluster;
    private static KafkaBroker kafka;
    private static LocalJobManagerPod jobManager;
    private static int restPort;
    private static Path work;
    /** Writes before this are earlier suites' (their operators use the same user agent prefix). */
    private static Instant suiteStarted;

    @BeforeAll
    static void start() throws Exception {
        suiteStarted = Instant.now();
        cluster = suite.cluster();
        assertThat(cluster.auditLog()).as("this suite counts writes in the API server's audit log, which "
                + cluster.description() + " does not keep").isPresent();
        work = suite.freshWork();
        kafka = suite.kafka();
        restPort = FreePorts.forLaterListener();
        suite.namespace(NS);
        suite.namespace(LEASE_NS);
        suite.hostPathVolume("pipelines-leader-checkpoints", "e2e-leader", "1Gi", "/tmp/tributary-e2e-leader");
        jobManager = suite.jobManagerPod(NS, "counter", restPort);
    }

    @Test
    void leaderElectionWithoutALeaseNamespaceStopsTheOperatorNamingTheVariable() throws Exception {
        Map<String, String> environment = new HashMap<>(environment("operator-misconfigured"));
        environment.remove("TRIBUTARY_LEASE_NAMESPACE");
        OperatorProcess misconfigured = operator(environment, "operator-misconfigured.log");
        assertThatThrownBy(misconfigured::start).hasMessageContaining("the operator exited");
        assertThat(Files.readString(misconfigured.log())).contains(
                "TRIBUTARY_LEADER_ELECTION_ENABLED is true but TRIBUTARY_LEASE_NAMESPACE is not set");
    }

    @Test
    @Order(2) // 2 and 3 are one sequence: 3 needs the leader that took over in 2
    void theStandbyTakesOverAKilledLeadersUpgradeAndTheyNeverWriteAtTheSameTime() throws Exception {
        cluster.apply(null, IDLE.formatted(NS, 1));
        HealthFixtures.capture(cluster, "Source", NS, "views", "progressing-no-status");
        HealthFixtures.capture(cluster, "Sink", NS, "pageviews", "progressing-no-status");
        HealthFixtures.capture(cluster, "Pipeline", NS, "idle", "progressing-no-status");
        HealthFixtures.capture(cluster, "Dashboard", NS, "idle", "progressing-no-status");
        OperatorProcess first = operator(environment("operator-a"), "operator-a.log").start();
        String leader = awaitHolder("operator-a-");
        OperatorProcess second = operator(environment("operator-b"), "operator-b.log").start();
        // start() returned: the standby answers ready while it waits for the Lease, and live.
        assertThat(second.status("/q/health/ready")).isEqualTo(200);
        assertThat(second.status("/q/health/live")).isEqualTo(200);
        assertThat(holder()).as("the standby does not take a held Lease").isEqualTo(leader);

        cluster.apply(null, CounterPipeline.resources(NS, "e2e-leader", "nobody-0", "running"));
        PipelineStatus running = awaitJobRunning(null);
        HealthFixtures.capture(cluster, "Source", NS, "clicks", "healthy");
        HealthFixtures.capture(cluster, "Sink", NS, "totals", "healthy");
        HealthFixtures.capture(cluster, "Pipeline", NS, "counter", "healthy-running");

        cluster.apply(null, CounterPipeline.holdJobManager(NS, "tributary-e2e-hold-leader", "LeaderElectionE2E"));
        cluster.apply(null, CounterPipeline.resources(NS, "e2e-leader", "nobody-1", "running"));
        await().atMost(TIMEOUT).until(() -> {
            PipelineStatus s = status();
            return s.upgrade != null && s.upgrade.step == UpgradeStatus.Step.Redeploying && s.lastSavepoint != null
                    && events().contains("ApplyFailed");
        });
        HealthFixtures.capture(cluster, "Pipeline", NS, "counter", "degraded-upgrade-apply-failed");
        String savepoint = status().lastSavepoint.path;

        for (String resource : List.of("source.tributary.dev/views", "sink.tributary.dev/pageviews",
                "pipeline.tributary.dev/idle")) {
            await().atMost(TIMEOUT).alias(resource + " observed").until(() -> "1".equals(cluster.kubectl("get",
                    resource, "-n", NS, "-o", "jsonpath={.status.observedGeneration}").stdout().trim()));
        }
        first.kill();
        Instant killed = Instant.now();
        // No operator reconciles until the Lease expires: a spec change now is a generation no status describes yet.
        cluster.apply(null, IDLE.formatted(NS, 2));
        HealthFixtures.capture(cluster, "Source", NS, "views", "progressing-stale-generation");
        HealthFixtures.capture(cluster, "Sink", NS, "pageviews", "progressing-stale-generation");
        HealthFixtures.capture(cluster, "Pipeline", NS, "idle", "progressing-stale-generation");
        CommandResult release = cluster.kubectl("delete", "validatingadmissionpolicybinding,validatingadmissionpolicy",
                "tributary-e2e-hold-leader");
        assertThat(release.succeeded()).as(release.describe()).isTrue();

        String newLeader = awaitHolder("operator-b-");
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).alias("the new leader takes the upgrade on")
                .until(() -> status().condition("Ready").map(c -> !"ApplyFailed".equals(c.reason)).orElse(false));
        if (status().condition("Ready").map(c -> "Upgrading".equals(c.reason)).orElse(false)) {
            HealthFixtures.capture(cluster, "Pipeline", NS, "counter", "progressing-upgrading");
        }
        PipelineStatus after = awaitJobRunning(running.planHash);
        assertThat(after.lastSavepoint.path).as("the new leader redeployed from the recorded savepoint, no second one")
                .isEqualTo(savepoint);
        assertThat(jobManager.starts()).last().isEqualTo(savepoint);

        Map<String, List<AuditedWrite>> writes = operatorWrites();
        List<AuditedWrite> byFirst = writes.getOrDefault(leader, List.of());
        List<AuditedWrite> bySecond = writes.getOrDefault(newLeader, List.of());
        assertThat(writes.keySet()).as("only the two processes wrote as the operator").containsOnly(leader, newLeader);
        assertThat(byFirst).as("the first leader reconciled").anyMatch(w -> w.resource().equals("pipelines/status"));
        assertThat(bySecond).as("the new leader finished the upgrade").anyMatch(w -> w.resource().equals("deployments"));
        AuditedWrite lastOfFirst = byFirst.get(byFirst.size() - 1);
        AuditedWrite firstOfSecond = bySecond.get(0);
        assertThat(firstOfSecond.resource()).as("the standby's first write is taking the Lease: it wrote nothing while"
                + " it waited").isEqualTo("leases");
        assertThat(lastOfFirst.completed()).as("the killed leader's last write (%s) comes before the new leader's"
                + " first (%s)", lastOfFirst, firstOfSecond).isBefore(firstOfSecond.received());
        Duration takeover = Duration.between(killed, firstOfSecond.received());
        assertThat(takeover).as("the Lease changed hands within its duration and one retry period (and a margin"
                + " for a loaded machine)").isLessThan(LEASE_DURATION.plus(RETRY_PERIOD).plusSeconds(5));
        System.out.printf("[leader] %s killed during the upgrade after %d writes; %s took the Lease %d ms later and"
                + " finished the upgrade from %s with %d writes; last write of the first %s, first of the second %s%n",
                leader, byFirst.size(), newLeader, takeover.toMillis(), savepoint, bySecond.size(),
                lastOfFirst.completed(), firstOfSecond.received());
    }

    @Test
    @Order(3)
    void theNewLeaderReconcilesWhatComesNextAndEachStateIsWhatArgoCdSees() throws Exception {
        cluster.apply(null, """
                apiVersion: tributary.dev/v1alpha1
                kind: Source
                metadata: {name: unreachable, namespace: %1$s}
                spec:
                  topic: {partitions: 1, replicationFactor: 1}
                  format: json
                  schema: {fields: [{name: id, type: STRING NOT NULL}]}
                  kafkaConnection: {bootstrapServers: "127.0.0.1:%2$d"}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Sink
                metadata: {name: unreachable-out, namespace: %1$s}
                spec:
                  kafka: {topic: {partitions: 1, replicationFactor: 1}}
                  kafkaConnection: {bootstrapServers: "127.0.0.1:%2$d"}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Pipeline
                metadata: {name: orphan, namespace: %1$s}
                spec:
                  sources: [missing]
                  sinks: [totals]
                  sql: INSERT INTO totals SELECT user_id, COUNT(*) AS clicks FROM missing GROUP BY user_id
                """.formatted(NS, FreePorts.next()));
        awaitReady("source.tributary.dev", "unreachable", "KafkaUnavailable");
        HealthFixtures.capture(cluster, "Source", NS, "unreachable", "degraded-kafka-unavailable");
        awaitReady("sink.tributary.dev", "unreachable-out", "KafkaUnavailable");
        HealthFixtures.capture(cluster, "Sink", NS, "unreachable-out", "degraded-kafka-unavailable");
        awaitReady("pipeline.tributary.dev", "orphan", "SourceNotFound");
        HealthFixtures.capture(cluster, "Pipeline", NS, "orphan", "degraded-source-not-found");

        cluster.apply(null, CounterPipeline.resources(NS, "e2e-leader", "nobody-1", "suspended"));
        await().atMost(TIMEOUT).until(() -> status().phase != null && "Suspended".equals(status().phase.name())
                && status().upgrade == null);
        HealthFixtures.capture(cluster, "Pipeline", NS, "counter", "suspended");
        cluster.apply(null, CounterPipeline.resources(NS, "e2e-leader", "nobody-1", "running"));
        PipelineStatus resumed = awaitJobRunning(null);

        // A streaming job that Flink reports CANCELED has ended, which a Pipeline never should.
        HttpResponse<String> cancel = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + restPort + "/jobs/" + resumed.job.id + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        awaitReady("pipeline.tributary.dev", "counter", "JobEnded");
        assertThat(status().phase.name()).isEqualTo("Failed");
        HealthFixtures.capture(cluster, "Pipeline", NS, "counter", "degraded-job-ended");
    }

    private static void awaitReady(String resource, String name, String reason) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).alias(resource + " " + name + " Ready " + reason)
                .until(() -> reason.equals(cluster.kubectl("get", resource, name, "-n", NS, "-o",
                        "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}").stdout().trim()));
    }

    // --- helpers ---

    private static Map<String, String> environment(String podName) {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOSTNAME", podName);
        environment.put("TRIBUTARY_LEADER_ELECTION_ENABLED", "true");
        environment.put("TRIBUTARY_LEASE_NAMESPACE", LEASE_NS);
        environment.put("TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        environment.put("TRIBUTARY_RESYNC_PERIOD", "10s");
        environment.put("TRIBUTARY_FLINK_POLL_PERIOD", "2s");
        environment.put("TRIBUTARY_FLINK_REST_ENDPOINT", "http://127.0.0.1:" + restPort);
        environment.put("QUARKUS_OPERATOR_SDK_NAMESPACES", NS);
        return environment;
    }

    private static OperatorProcess operator(Map<String, String> environment, String log) {
        return suite.unstartedOperator(environment, log);
    }

    private static String holder() {
        Lease lease = client().leases().inNamespace(LEASE_NS).withName("tributary-operator").get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static String awaitHolder(String prefix) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).alias("Lease held by " + prefix + "*")
                .until(() -> Optional.ofNullable(holder()).filter(h -> h.startsWith(prefix)).isPresent());
        return holder();
    }

    /** One write an operator process made, as the API server's audit log recorded it. */
    record AuditedWrite(String verb, String resource, String name, Instant received, Instant completed) {
    }

    /**
     * This suite's operator processes' writes by identity (their user agent), in the order the API server received
     * them.
     */
    private static Map<String, List<AuditedWrite>> operatorWrites() throws IOException {
        Map<String, List<AuditedWrite>> writes = new HashMap<>();
        try (Stream<String> lines = Files.lines(cluster.auditLog().orElseThrow())) {
            for (String line : (Iterable<String>) lines::iterator) {
                JsonNode event = JSON.readTree(line);
                String agent = event.path("userAgent").asText();
                if (!agent.startsWith(USER_AGENT) || !"ResponseComplete".equals(event.path("stage").asText())
                        || Instant.parse(event.path("requestReceivedTimestamp").asText()).isBefore(suiteStarted)) {
                    continue;
                }
                JsonNode ref = event.path("objectRef");
                String resource = ref.path("resource").asText()
                        + (ref.has("subresource") ? "/" + ref.path("subresource").asText() : "");
                writes.computeIfAbsent(agent.substring(USER_AGENT.length()), k -> new ArrayList<>()).add(
                        new AuditedWrite(event.path("verb").asText(), resource, ref.path("name").asText(),
                                Instant.parse(event.path("requestReceivedTimestamp").asText()),
                                Instant.parse(event.path("stageTimestamp").asText())));
            }
        }
        writes.values().forEach(list -> list.sort(java.util.Comparator.comparing(AuditedWrite::received)));
        return writes;
    }

    private static KubernetesClient client() {
        return cluster.client();
    }

    private static PipelineStatus status() {
        Pipeline pipeline = client().resources(Pipeline.class).inNamespace(NS).withName("counter").get();
        return pipeline == null || pipeline.getStatus() == null ? new PipelineStatus() : pipeline.getStatus();
    }

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

    private static String events() {
        return cluster.kubectl("get", "events", "-n", NS, "-o", "jsonpath={.items[*].reason}").stdout();
    }
}
