package dev.tributary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.extension.RegisterExtension;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.e2e.faults.CrashPoints;
import dev.tributary.e2e.faults.RecordingHttpProxy;
import dev.tributary.local.KafkaBroker;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deleting resources and namespaces while the operator is not there. Tributary sets no finalizer: the promise of
 * {@code deletionPolicy: Delete} is kept through the topic ledger (the ConfigMap {@code tributary-topic-ledger} in
 * the operator's namespace), so the garbage collector and the namespace controller remove everything without the
 * operator — no namespace waits for it — and an operator that comes back deletes the recorded topics whose owners
 * are gone. One gone for good (its namespace, and with it the ledger, deleted first, as after {@code helm
 * uninstall} and deleting its namespace) leaves the topics in Kafka and nothing stuck.
 */
@ClusterTest
class DeletionWithoutTheOperatorE2E {

    private static final Duration NAMESPACE_GONE = Duration.ofMinutes(2);
    private static final String BACK = "deleted-operator-back";
    private static final String GONE = "deleted-operator-gone";
    private static final String SLOW = "deleted-api-slow";
    private static final String LEDGER = "tributary-topic-ledger";

    @RegisterExtension
    static final OperatorSuite suite = new OperatorSuite("deletion-without-operator-e2e");
    private static TestCluster cluster;
    private static KafkaBroker kafka;
    private static Admin admin;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        cluster = suite.cluster();
        work = suite.work();
        kafka = suite.closeAfterAll(KafkaBroker.start(Files.createDirectories(work.resolve("kafka-" + System.nanoTime()))));
        admin = suite.closeAfterAll(kafka.admin());
    }

    @Test
    void aNamespaceDeletedWhileTheOperatorIsDownGoesAtOnceAndTheOperatorBackDeletesItsDeleteTopics() throws Exception {
        String system = createNamespace(BACK + "-system");
        createNamespace(BACK);
        // As an earlier version left it: the finalizer it set on Delete-policy resources goes on the next reconcile.
        cluster.apply(BACK, SOURCE);
        CommandResult finalized = cluster.kubectl("patch", "source", "clicks", "-n", BACK, "--type=merge", "-p",
                "{\"metadata\":{\"finalizers\":[\"tributary.dev/delete-topic\"]}}");
        assertThat(finalized.succeeded()).as(finalized.describe()).isTrue();
        try (OperatorProcess operator = operator(BACK, "back-1", system)) {
            createAndAwaitReady(BACK, system);
            operator.kill();
        }
        delete(BACK, "source/clicks", "pipeline/counter");
        delete(null, "namespace/" + BACK);
        long deleted = System.nanoTime();
        await().atMost(NAMESPACE_GONE).pollInterval(Duration.ofSeconds(1)).until(() -> namespace(BACK) == null);
        System.out.printf("[deletion] operator down: namespace %s gone %d s after its deletion%n", BACK,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - deleted));
        assertThat(topics(BACK)).as("no operator, no topic deletion yet").contains(BACK + ".clicks");
        assertThat(ledger(system)).as("the deletion owed is recorded").anySatisfy(e -> assertThat(e)
                .contains("\"topic\":\"" + BACK + ".clicks\""));

        long back = System.nanoTime();
        try (OperatorProcess operator = operator(BACK, "back-2", system)) {
            await().atMost(NAMESPACE_GONE).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !topics(BACK).contains(BACK + ".clicks"));
            System.out.printf("[deletion] operator back: topic %s.clicks deleted %d s after the restart%n", BACK,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - back));
            await().atMost(Duration.ofSeconds(30)).until(() -> ledger(system).isEmpty());
        }
        assertThat(topics(BACK)).as("deletionPolicy Delete was carried out, Retain was kept")
                .containsExactlyInAnyOrder(BACK + ".totals", BACK + ".counter.dlq");
        delete(null, "namespace/" + system);
    }

    @Test
    void anOperatorWhoseFirstListsAreSlowerThanItsCacheSyncTimeoutKeepsTryingInsteadOfExiting() throws Exception {
        String system = createNamespace(SLOW + "-system");
        createNamespace(SLOW);
        try (OperatorProcess operator = operator(SLOW, "slow-1", system)) {
            createAndAwaitReady(SLOW, system);
        }
        delete(SLOW, "source/clicks");
        // As under load: the API server answers the operator's first lists of its resources only after several tries,
        // later than the operator waits for its caches to fill. It must go on trying, not exit (it once did).
        try (RecordingHttpProxy apiServer = RecordingHttpProxy.inFrontOfApiServer(cluster.kubeconfig(),
                new CrashPoints())) {
            for (String kind : new String[] {"sources", "sinks"}) {
                apiServer.refuse("/apis/tributary.dev/v1alpha1/" + kind, 8); // TopicClaims: every namespace
            }
            for (String kind : new String[] {"sources", "sinks", "pipelines"}) {
                apiServer.refuse("/apis/tributary.dev/v1alpha1/namespaces/" + SLOW + "/" + kind, 8); // controllers
            }
            try (OperatorProcess operator = new OperatorProcess(apiServer.writeKubeconfig(work.resolve(
                    "slow-kubeconfig")), environment(SLOW, system, Map.of("QUARKUS_OPERATOR_SDK_CACHE_SYNC_TIMEOUT",
                    "3s")), work.resolve("operator-slow-2.log")).startOnce()) {
                await().atMost(NAMESPACE_GONE).pollInterval(Duration.ofSeconds(1))
                        .until(() -> !topics(SLOW).contains(SLOW + ".clicks"));
                assertThat(operator.alive()).as("the operator that started is still the one running").isTrue();
            }
            assertThat(apiServer.refusalsLeft()).as("every planned refusal was made").isZero();
        }
        assertThat(get(Source.class, SLOW, "clicks")).as("no finalizer held it").isNull();
        delete(null, "namespace/" + SLOW, "namespace/" + system);
    }

    @Test
    void withTheOperatorGoneForGoodAndItsNamespaceDeletedFirstNothingIsStuckAndNoTopicIsDeleted() throws Exception {
        String system = createNamespace(GONE + "-system");
        createNamespace(GONE);
        try (OperatorProcess operator = operator(GONE, "gone", system)) {
            createAndAwaitReady(GONE, system);
        }
        // the chart uninstalled and its namespace deleted first, then the namespace of the resources
        delete(null, "namespace/" + system);
        delete(null, "namespace/" + GONE);
        long deleted = System.nanoTime();
        await().atMost(NAMESPACE_GONE).pollInterval(Duration.ofSeconds(1))
                .until(() -> namespace(GONE) == null && namespace(system) == null);
        System.out.printf("[deletion] operator gone for good: namespaces %s and %s gone %d s after their deletion%n",
                system, GONE, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - deleted));
        assertThat(topics(GONE)).as("nothing deleted the topics: they are left for the user")
                .contains(GONE + ".clicks", GONE + ".totals");
    }

    private static String createNamespace(String name) {
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .endMetadata().build()).serverSideApply();
        return name;
    }

    /** The ledger's entries (JSON), empty when it does not exist. */
    private static java.util.Collection<String> ledger(String system) {
        ConfigMap ledger = cluster.client().configMaps().inNamespace(system).withName(LEDGER).get();
        return ledger == null || ledger.getData() == null ? List.of() : ledger.getData().values();
    }

    private static OperatorProcess operator(String namespace, String name, String system) {
        return new OperatorProcess(cluster.kubeconfig(), environment(namespace, system, Map.of()),
                work.resolve("operator-" + name + ".log")).start();
    }

    private static Map<String, String> environment(String namespace, String system, Map<String, String> more) {
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "TRIBUTARY_RESYNC_PERIOD", "10s",
                "TRIBUTARY_TOPIC_DELETION_TIMEOUT", "20s",
                "TRIBUTARY_TOPIC_LEDGER_NAMESPACE", system,
                "QUARKUS_OPERATOR_SDK_NAMESPACES", namespace));
        environment.putAll(more);
        return environment;
    }

    private static final String SOURCE = """
            apiVersion: tributary.dev/v1alpha1
            kind: Source
            metadata: {name: clicks}
            spec:
              topic: {partitions: 1, replicationFactor: 1, deletionPolicy: Delete}
              format: json
              schema: {fields: [{name: user_id, type: STRING NOT NULL}]}
            """;

    /** A Source whose topic is to be deleted with it, a Sink whose topic is kept, and a Pipeline between them. */
    private static void createAndAwaitReady(String namespace, String system) {
        cluster.apply(namespace, SOURCE + """
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
        String uid = get(Source.class, namespace, "clicks").getMetadata().getUid();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                get(Source.class, namespace, "clicks").getMetadata().getFinalizers().isEmpty()
                        && ledger(system).stream().anyMatch(e -> e.contains(uid))
                        && cluster.client().apps().deployments().inNamespace(namespace).list().getItems().size() == 2
                        && topics(namespace).contains(namespace + ".counter.dlq"));
        assertThat(ledger(system)).as("only the Delete-policy topic owes a deletion").hasSize(1);
        assertThat(get(Sink.class, namespace, "totals").getMetadata().getFinalizers()).isEmpty();
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
