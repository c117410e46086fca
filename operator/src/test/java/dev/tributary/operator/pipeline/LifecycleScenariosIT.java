package dev.tributary.operator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.api.v1alpha1.UpgradeStatus;
import dev.tributary.operator.flink.FlinkJob;
import dev.tributary.operator.flink.SavepointProgress;
import dev.tributary.operator.testing.ApiServer;
import dev.tributary.operator.testing.FakeFlink;
import dev.tributary.operator.testing.FakeTopicAdmin;
import dev.tributary.operator.testing.OperatorUnderTest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Source, Sink and Pipeline reconcilers and lifecycles against a real kube-apiserver, with Flink and Kafka
 * faked: whole scenarios, each in its own namespace, in seconds.
 */
class LifecycleScenariosIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SAVEPOINT = "file:/tributary/state/savepoints/savepoint-1";
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static ApiServer api;
    private static KubernetesClient client;

    private final FakeFlink flink = new FakeFlink();
    private final FakeTopicAdmin kafka = new FakeTopicAdmin();
    private final List<OperatorUnderTest> operators = new ArrayList<>();
    private String ns;

    @BeforeAll
    static void startApiServer() {
        api = ApiServer.shared(); // with OwedTopicDeletionsIT: one start of etcd and kube-apiserver
        client = api.client();
    }

    @AfterEach
    void stopOperators() {
        operators.forEach(OperatorUnderTest::close);
    }

    @Test
    void aMissingSourceIsSaidAndThePipelineDeploysOnceItExists() {
        startOperator();
        create(sink());
        create(pipeline("SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id"));
        awaitReady(r -> "SourceNotFound".equals(r.reason));
        assertThat(jobManager()).as("nothing deployed without its Source").isNull();

        create(source());
        awaitStatus(p -> p.getStatus().planHash != null);
        assertThat(jobManager()).isNotNull();
        assertThat(kafka.topics).containsKeys("clicks", "sessions");
        assertThat(events("SourceNotFound")).as("one event for the change, not one per reconcile").hasSize(1);
    }

    @Test
    void aChildTheApiServerRefusesIsApplyFailedUntilItIsFixed() {
        create(source());
        create(sink());
        // A JobManager Deployment made by hand with another selector: the selector is immutable, so the apply fails.
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata()
                .withName("sessionize-jobmanager").endMetadata().withNewSpec().withNewSelector()
                .addToMatchLabels("made", "by-hand").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("made", "by-hand").endMetadata().withNewSpec().addNewContainer().withName("x")
                .withImage("busybox").endContainer().endSpec().endTemplate().endSpec().build()).create();
        startOperator();
        create(pipeline("SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id"));
        Pipeline failed = awaitReady(r -> "ApplyFailed".equals(r.reason));
        assertThat(failed.getStatus().condition("Ready").orElseThrow().message)
                .contains("could not apply Deployment sessionize-jobmanager");
        assertThat(failed.getStatus().condition("Deployed").orElseThrow().reason).isEqualTo("ApplyFailed");

        client.apps().deployments().inNamespace(ns).withName("sessionize-jobmanager").delete();
        awaitStatus(p -> p.getStatus().condition("Deployed").map(c -> !"ApplyFailed".equals(c.reason))
                .orElse(false));
        assertThat(jobManager().getSpec().getSelector().getMatchLabels()).doesNotContainKey("made");
    }

    @Test
    void anUpgradeInterruptedBetweenRecordingAndSendingItsStopFinishesWithTheSameSavepoint() {
        create(source());
        create(sink());
        startOperator();
        create(pipeline("SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id"));
        Pipeline deployed = running();
        String oldPlan = deployed.getStatus().planHash;

        flink.progress = SavepointProgress.inProgress();
        edit(p -> p.getSpec().sql = p.getSpec().sql.replace("GROUP BY user_id", "WHERE user_id <> '' GROUP BY user_id"));
        // The operator dies as soon as the stop is recorded; the request is sent by the next reconcile, if any.
        Pipeline stopping = awaitStatus(p -> p.getStatus().upgrade != null
                && p.getStatus().upgrade.step == UpgradeStatus.Step.Stopping);
        operators.remove(0).close();
        String trigger = stopping.getStatus().upgrade.savepointTriggerId;

        startOperator();
        await().atMost(WAIT).until(() -> !flink.stops().isEmpty());
        flink.progress = SavepointProgress.completed(SAVEPOINT);
        Pipeline redeploying = awaitStatus(p -> p.getStatus().upgrade != null
                && p.getStatus().upgrade.step == UpgradeStatus.Step.Redeploying);
        assertThat(redeploying.getStatus().lastSavepoint.path).isEqualTo(SAVEPOINT);
        await().atMost(WAIT).until(() -> String.join(" ", jobManager().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getArgs()).contains(SAVEPOINT));

        // The upgrade holds once the new job completed a checkpoint of its own (else it is rolled back).
        flink.job = new FlinkJob("job-2", "RUNNING", Instant.now(), 0, null, null,
                new FlinkJob.Checkpoint(1, Instant.now(), "file:/tributary/state/checkpoints/job-2/chk-1"),
                redeploying.getStatus().upgrade.toPlanHash, SAVEPOINT, null);
        Pipeline upgraded = awaitStatus(p -> p.getStatus().upgrade == null
                && p.getStatus().condition("Ready").map(Condition::isTrue).orElse(false));
        assertThat(upgraded.getStatus().planHash).isNotEqualTo(oldPlan);
        assertThat(upgraded.getStatus().restoredFrom).isEqualTo(SAVEPOINT);
        assertThat(flink.stops()).as("every stop request, sent by either operator, is the recorded one")
                .isNotEmpty().allMatch(s -> s.equals("stop job-1 " + trigger));
    }

    @Test
    void aSpecChangedWhileTheOperatorWasDownAfterTheSavepointIsDeployedUnderItsOwnPlanHash() {
        create(source());
        create(sink());
        startOperator();
        create(pipeline("SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id"));
        String oldPlan = running().getStatus().planHash;
        flink.progress = SavepointProgress.inProgress();
        edit(p -> p.getSpec().sql = p.getSpec().sql.replace("GROUP BY user_id", "WHERE user_id <> '' GROUP BY user_id"));
        Pipeline stopping = awaitStatus(p -> p.getStatus().upgrade != null
                && p.getStatus().upgrade.step == UpgradeStatus.Step.Stopping);
        String firstChange = stopping.getStatus().upgrade.toPlanHash;
        operators.remove(0).close();

        // The operator died right after recording the savepoint, before it applied the plan the upgrade began with;
        // meanwhile the spec changed again, and the new JobManager does not answer.
        client.resources(Pipeline.class).inNamespace(ns).withName("sessionize").editStatus(p -> {
            p.getStatus().upgrade.step = UpgradeStatus.Step.Redeploying;
            p.getStatus().upgrade.restore = SAVEPOINT;
            return p;
        });
        edit(p -> p.getSpec().sql = p.getSpec().sql.replace("user_id <> ''", "user_id <> 'bot'"));
        flink.unreachable = true;
        startOperator();

        Pipeline redeploying = awaitStatus(p -> p.getStatus().upgrade != null && !firstChange.equals(
                p.getStatus().upgrade.toPlanHash));
        await().atMost(WAIT).until(() -> planHashOf(jobManager()).equals(redeploying.getStatus().upgrade.toPlanHash));
        Pipeline deployed = awaitStatus(p -> p.getStatus().planHash.equals(planHashOf(jobManager())));
        assertThat(deployed.getStatus().planHash).as("the status names the plan the JobManager runs")
                .isEqualTo(redeploying.getStatus().upgrade.toPlanHash).isNotIn(oldPlan, firstChange);
        assertThat(String.join(" ", jobManager().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()))
                .contains(SAVEPOINT);
        await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> planHashOf(jobManager())
                .equals(client.resources(Pipeline.class).inNamespace(ns).withName("sessionize").get().getStatus()
                        .planHash));
    }

    @Test
    void aSteadyPipelineCausesNoWrites() {
        create(source());
        create(sink());
        startOperator();
        create(pipeline("SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id"));
        running();
        await().atMost(WAIT).until(() -> jobCalls() > 2); // settled: the Ready event and status are written
        Map<String, String> versions = resourceVersions();
        int events = client.v1().events().inNamespace(ns).list().getItems().size();
        List<String> kafkaChanges = kafka.changes();
        int calls = jobCalls();

        await().atMost(WAIT).until(() -> jobCalls() >= calls + 3); // three more reconciles, each asking Flink
        assertThat(resourceVersions()).as("no object written").isEqualTo(versions);
        assertThat(client.v1().events().inNamespace(ns).list().getItems()).as("no event recorded").hasSize(events);
        assertThat(kafka.changes()).as("no topic changed").isEqualTo(kafkaChanges);
        assertThat(flink.stops()).isEmpty();
    }

    @Test
    void anUnexpectedFailureIsReadyFalseInternalErrorNotAStaleStatus() {
        startOperator();
        create(source());
        await().atMost(WAIT).until(() -> readyOf(Source.class, "clicks").map(c -> "TopicReady".equals(c.reason))
                .orElse(false));
        kafka.failure = new IllegalStateException("a bug in the fake, with password=hunter2");
        client.resources(Source.class).inNamespace(ns).withName("clicks")
                .edit(s -> {
                    s.getSpec().topic.partitions = 4;
                    return s;
                });
        await().atMost(WAIT).until(() -> readyOf(Source.class, "clicks")
                .map(c -> "InternalError".equals(c.reason)).orElse(false));
        Condition ready = readyOf(Source.class, "clicks").orElseThrow();
        assertThat(ready.status).isEqualTo("False");
        assertThat(ready.message).contains("IllegalStateException").doesNotContain("hunter2");

        kafka.failure = null;
        await().atMost(WAIT).until(() -> readyOf(Source.class, "clicks").map(c -> "TopicReady".equals(c.reason))
                .orElse(false));
    }

    // --- the scenario's world ---

    private void startOperator() {
        operators.add(OperatorUnderTest.start(client, namespace(), flink, kafka));
    }

    private <T extends HasMetadata> void create(T resource) {
        resource.getMetadata().setNamespace(namespace());
        client.resource(resource).create();
    }

    /** The scenario's own namespace, made by whatever needs it first (the operator may start after a resource). */
    private String namespace() {
        if (ns == null) {
            ns = "scenario-" + NAMESPACES.incrementAndGet();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .serverSideApply();
        }
        return ns;
    }

    /** Deployed, its JobManager Available and its job RUNNING: Ready. */
    private Pipeline running() {
        Pipeline deployed = awaitStatus(p -> p.getStatus().planHash != null && p.getStatus().deployedJobId != null);
        await().atMost(WAIT).until(() -> jobManager() != null);
        client.apps().deployments().inNamespace(ns).withName("sessionize-jobmanager").editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1)
                    .addNewCondition().withType("Available").withStatus("True").withReason("MinimumReplicasAvailable")
                    .endCondition().build());
            return d;
        });
        flink.job = FakeFlink.job("job-1", "RUNNING", deployed.getStatus().planHash, Instant.now());
        return awaitReady(r -> "JobRunning".equals(r.reason));
    }

    private void edit(java.util.function.Consumer<Pipeline> change) {
        client.resources(Pipeline.class).inNamespace(ns).withName("sessionize").edit(p -> {
            change.accept(p);
            return p;
        });
    }

    private Pipeline awaitReady(Predicate<Condition> ready) {
        return awaitStatus(p -> p.getStatus().condition("Ready").map(ready::test).orElse(false));
    }

    private Pipeline awaitStatus(Predicate<Pipeline> condition) {
        Pipeline[] seen = new Pipeline[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).alias("Pipeline status").until(() -> {
            seen[0] = client.resources(Pipeline.class).inNamespace(ns).withName("sessionize").get();
            return seen[0] != null && seen[0].getStatus() != null && condition.test(seen[0]);
        });
        return seen[0];
    }

    private <T extends HasMetadata> java.util.Optional<Condition> readyOf(Class<T> kind, String name) {
        T resource = client.resources(kind).inNamespace(ns).withName(name).get();
        if (!(resource instanceof io.fabric8.kubernetes.client.CustomResource<?, ?> custom)
                || !(custom.getStatus() instanceof dev.tributary.api.v1alpha1.ResourceStatus status)) {
            return java.util.Optional.empty();
        }
        return status.condition("Ready");
    }

    private static String planHashOf(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations().getOrDefault("tributary.dev/plan-hash",
                "");
    }

    private Deployment jobManager() {
        return client.apps().deployments().inNamespace(ns).withName("sessionize-jobmanager").get();
    }

    private List<String> events(String reason) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).map(e -> e.getMessage()).toList();
    }

    private int jobCalls() {
        synchronized (flink) {
            return (int) flink.calls.stream().filter("job"::equals).count();
        }
    }

    /** Every object in the namespace (events aside), by kind and name, with its resourceVersion. */
    private Map<String, String> resourceVersions() {
        Map<String, String> versions = new TreeMap<>();
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(client.resources(Pipeline.class).inNamespace(ns).list().getItems());
        all.addAll(client.resources(Source.class).inNamespace(ns).list().getItems());
        all.addAll(client.resources(Sink.class).inNamespace(ns).list().getItems());
        all.addAll(client.apps().deployments().inNamespace(ns).list().getItems());
        all.addAll(client.configMaps().inNamespace(ns).list().getItems());
        all.addAll(client.services().inNamespace(ns).list().getItems());
        all.addAll(client.policy().v1().podDisruptionBudget().inNamespace(ns).list().getItems());
        all.addAll(client.network().v1().networkPolicies().inNamespace(ns).list().getItems());
        all.forEach(r -> versions.put(r.getKind() + "/" + r.getMetadata().getName(),
                r.getMetadata().getResourceVersion()));
        return versions;
    }

    private static Source source() {
        return Serialization.unmarshal("""
                apiVersion: tributary.dev/v1alpha1
                kind: Source
                metadata: {name: clicks}
                spec:
                  topic: {name: clicks, partitions: 3}
                  format: json
                  schema:
                    fields:
                      - {name: user_id, type: STRING NOT NULL}
                """, Source.class);
    }

    private static Sink sink() {
        return Serialization.unmarshal("""
                apiVersion: tributary.dev/v1alpha1
                kind: Sink
                metadata: {name: sessions}
                spec:
                  kafka: {topic: {name: sessions, partitions: 3}}
                """, Sink.class);
    }

    private static Pipeline pipeline(String select) {
        return Serialization.unmarshal("""
                apiVersion: tributary.dev/v1alpha1
                kind: Pipeline
                metadata: {name: sessionize}
                spec:
                  sources: [clicks]
                  sinks: [sessions]
                  sql: "INSERT INTO sessions %s"
                """.formatted(select), Pipeline.class);
    }
}
