package dev.tributary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.e2e.faults.CrashPoints;
import dev.tributary.e2e.faults.RecordingHttpProxy;
import dev.tributary.local.KafkaBroker;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deleting resources and namespaces while the operator is not there. Tributary's only finalizer is
 * {@code tributary.dev/delete-topic}, on Sources and Kafka Sinks whose topic has {@code deletionPolicy: Delete} (it
 * keeps the promise to delete the topic); Pipelines, their children and everything with {@code Retain} have none,
 * so the garbage collector and the namespace controller remove them without the operator. An operator that comes
 * back finishes the deletions it missed; one gone for good leaves exactly those resources, and so their namespace,
 * waiting, and removing the finalizer by hand lets them go and leaves the topic in Kafka.
 */
@ClusterTest
class DeletionWithoutTheOperatorE2E {

    private static final Duration NAMESPACE_GONE = Duration.ofMinutes(2);
    private static final String BACK = "deleted-operator-back";
    private static final String GONE = "deleted-operator-gone";
    private static final String SLOW = "deleted-api-slow";

    private static TestCluster cluster;
    private static KafkaBroker kafka;
    private static Admin admin;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        cluster = Clusters.shared();
        cluster.installCrds();
        work = Clusters.workDir().resolve("deletion-without-operator-e2e");
        kafka = KafkaBroker.start(Files.createDirectories(work.resolve("kafka-" + System.nanoTime())));
        admin = kafka.admin();
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void anOperatorThatComesBackFinishesWhatWasDeletedWhileItWasDown() throws Exception {
        try (OperatorProcess operator = operator(BACK, "back-1")) {
            createAndAwaitReady(BACK);
            operator.kill();
            delete(BACK, "source/clicks", "pipeline/counter");
            delete(null, "namespace/" + BACK);
            await().atMost(Duration.ofSeconds(30)).until(() -> get(Pipeline.class, BACK, "counter") == null);
            assertThat(get(Source.class, BACK, "clicks").getMetadata().getFinalizers())
                    .as("the topic's deletion waits for the operator").containsExactly("tributary.dev/delete-topic");
            assertThat(namespace(BACK).getStatus().getPhase()).isEqualTo("Terminating");
        }
        long back = System.nanoTime();
        try (OperatorProcess operator = operator(BACK, "back-2")) {
            await().atMost(NAMESPACE_GONE).pollInterval(Duration.ofSeconds(1)).until(() -> namespace(BACK) == null);
            System.out.printf("[deletion] operator back: namespace %s gone %d s after the restart%n", BACK,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - back));
        }
        assertThat(topics(BACK)).as("deletionPolicy Delete was carried out, Retain was kept")
                .containsExactlyInAnyOrder(BACK + ".totals", BACK + ".counter.dlq");
    }

    @Test
    void anOperatorWhoseFirstListOfSourcesFailsStillFinishesTheDeletionsItMissed() throws Exception {
        try (OperatorProcess operator = operator(SLOW, "slow-1")) {
            createAndAwaitReady(SLOW);
        }
        delete(SLOW, "source/clicks");
        // As under load: the API server does not answer the operator's first lists of all Sources and Sinks.
        try (RecordingHttpProxy apiServer = RecordingHttpProxy.inFrontOfApiServer(cluster.kubeconfig(),
                new CrashPoints())) {
            apiServer.refuse("/apis/tributary.dev/v1alpha1/sources", 3);
            apiServer.refuse("/apis/tributary.dev/v1alpha1/sinks", 3);
            try (OperatorProcess operator = operator(SLOW, "slow-2",
                    apiServer.writeKubeconfig(work.resolve("slow-kubeconfig")))) {
                await().atMost(NAMESPACE_GONE).pollInterval(Duration.ofSeconds(1))
                        .until(() -> get(Source.class, SLOW, "clicks") == null);
            }
            assertThat(apiServer.refusalsLeft()).as("every planned refusal was made").isZero();
        }
        assertThat(topics(SLOW)).as("the topic was deleted as asked").doesNotContain(SLOW + ".clicks");
        delete(null, "namespace/" + SLOW);
    }

    @Test
    void anOperatorGoneForGoodHoldsOnlyTopicDeletionsAndAHandRemovedFinalizerLetsThemGo() throws Exception {
        try (OperatorProcess operator = operator(GONE, "gone")) {
            createAndAwaitReady(GONE);
        }
        delete(null, "namespace/" + GONE);
        await().atMost(NAMESPACE_GONE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(get(Pipeline.class, GONE, "counter")).as("no finalizer on Pipelines").isNull();
            assertThat(get(Sink.class, GONE, "totals")).as("no finalizer with Retain").isNull();
            assertThat(cluster.client().apps().deployments().inNamespace(GONE).list().getItems()).isEmpty();
            assertThat(namespace(GONE).getStatus().getConditions()).anySatisfy(c -> assertThat(c.getType() + " "
                    + c.getMessage()).contains("NamespaceFinalizersRemaining", "tributary.dev/delete-topic"));
        });
        assertThat(get(Source.class, GONE, "clicks").getMetadata().getDeletionTimestamp()).isNotNull();

        CommandResult released = cluster.kubectl("patch", "source", "clicks", "-n", GONE, "--type=json",
                "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
        assertThat(released.succeeded()).as(released.describe()).isTrue();
        await().atMost(NAMESPACE_GONE).pollInterval(Duration.ofSeconds(1)).until(() -> namespace(GONE) == null);
        assertThat(topics(GONE)).as("nothing deleted the topic: it is left for the user")
                .contains(GONE + ".clicks", GONE + ".totals");
    }

    private static OperatorProcess operator(String namespace, String name) {
        return operator(namespace, name, cluster.kubeconfig());
    }

    private static OperatorProcess operator(String namespace, String name, Path kubeconfig) {
        return new OperatorProcess(kubeconfig, Map.of(
                "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "TRIBUTARY_RESYNC_PERIOD", "10s",
                "TRIBUTARY_TOPIC_DELETION_TIMEOUT", "20s",
                "QUARKUS_OPERATOR_SDK_NAMESPACES", namespace),
                work.resolve("operator-" + name + ".log")).start();
    }

    /** A Source whose topic is to be deleted with it, a Sink whose topic is kept, and a Pipeline between them. */
    private static void createAndAwaitReady(String namespace) {
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .endMetadata().build()).serverSideApply();
        cluster.apply(namespace, """
                apiVersion: tributary.dev/v1alpha1
                kind: Source
                metadata: {name: clicks}
                spec:
                  topic: {partitions: 1, replicationFactor: 1, deletionPolicy: Delete}
                  format: json
                  schema: {fields: [{name: user_id, type: STRING NOT NULL}]}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Sink
                metadata: {name: totals}
                spec:
                  kafka: {topic: {partitions: 1, replicationFactor: 1}, keyFields: [user_id]}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Pipeline
                metadata: {name: counter}
                spec:
                  sources: [clicks]
                  sinks: [totals]
                  sql: INSERT INTO totals SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id
                  checkpoints: {interval: 1m, storage: {volume: {size: 1Gi}}}
                """);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                get(Source.class, namespace, "clicks").hasFinalizer("tributary.dev/delete-topic")
                        && cluster.client().apps().deployments().inNamespace(namespace).list().getItems().size() == 2
                        && topics(namespace).contains(namespace + ".counter.dlq"));
        assertThat(get(Sink.class, namespace, "totals").getMetadata().getFinalizers()).as("Retain needs none")
                .isEmpty();
        assertThat(get(Pipeline.class, namespace, "counter").getMetadata().getFinalizers()).isEmpty();
    }

    private static void delete(String namespace, String... resources) {
        String[] args = namespace == null ? new String[] {"delete", "--wait=false"}
                : new String[] {"delete", "-n", namespace, "--wait=false"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(resources))
                .toArray(String[]::new);
        CommandResult deleted = cluster.kubectl(all);
        assertThat(deleted.succeeded()).as(deleted.describe()).isTrue();
    }

    private static Namespace namespace(String name) {
        return cluster.client().namespaces().withName(name).get();
    }

    private static <T extends HasMetadata> T get(Class<T> kind, String namespace, String name) {
        return cluster.client().resources(kind).inNamespace(namespace).withName(name).get();
    }

    private static Set<String> topics(String namespace) throws Exception {
        return new java.util.TreeSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith(namespace + ".")).toList());
    }
}
