package dev.tributary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.e2e.cluster.ReadyCondition;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.e2e.faults.PlantedSecrets;
import dev.tributary.local.KafkaBroker;
import dev.tributary.local.LocalCertificateAuthority;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

/**
 * Sources and Sinks become Kafka topics (and a Source's ingest endpoint its Deployment and Service): the operator
 * runs as its own process against the real control plane
 * and a real KRaft broker; resources go in with kubectl; assertions are on Kafka and on status.
 */
@ClusterTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicOperatorE2E {

    private static final Duration RESYNC = Duration.ofSeconds(3);
    private static final String INGEST_TOKEN = "planted-ingest-token-7f3a";

    @RegisterExtension
    static final OperatorSuite suite = new OperatorSuite("topic-operator-e2e");
    private static TestCluster cluster;
    private static KafkaBroker kafka;
    private static Admin admin;
    private static OperatorProcess operator;

    @BeforeAll
    static void start() {
        cluster = suite.cluster();
        kafka = suite.kafka();
        admin = suite.admin();
        operator = suite.operator(Map.of(
                "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "TRIBUTARY_RESYNC_PERIOD", RESYNC.toSeconds() + "s",
                "TRIBUTARY_TOPIC_DELETION_TIMEOUT", "20s"));
    }

    @Test
    void aSourceBecomesATopicWithItsPartitionsAndConfigs() throws Exception {
        String ns = namespace("create");
        apply(ns, source("clicks", "topic: {partitions: 4, config: {retention.ms: \"3600000\", cleanup.policy: delete}}"));
        awaitReady(ns, "clicks", "True", "TopicReady");
        assertThat(describe(ns + ".clicks").partitions()).hasSize(4);
        assertThat(topicConfigs(ns + ".clicks")).containsEntry("retention.ms", "3600000").containsEntry("cleanup.policy", "delete");
        Source status = cluster.client().resources(Source.class).inNamespace(ns).withName("clicks").get();
        assertThat(status.getStatus().topic.name).isEqualTo(ns + ".clicks");
        assertThat(status.getStatus().topic.partitions).isEqualTo(4);
        assertThat(status.getStatus().observedGeneration).isEqualTo(status.getMetadata().getGeneration());
        assertThat(cluster.kubectl("get", "events", "-n", ns, "-o", "name", "--field-selector", "reason=TopicChanged").stdout())
                .as("an event for the change").isNotBlank();
    }

    @Test
    void configsChangeIncrementallyPartitionsGrowAndDriftIsPutBack() throws Exception {
        String ns = namespace("change");
        String topic = ns + ".orders";
        apply(ns, source("orders", "topic: {partitions: 2, config: {retention.ms: \"1000\", segment.ms: \"600000\"}}"));
        awaitReady(ns, "orders", "True", "TopicReady");
        apply(ns, source("orders", "topic: {partitions: 5, config: {retention.ms: \"2000\"}}"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(describe(topic).partitions()).hasSize(5);
            assertThat(topicConfigs(topic)).isEqualTo(Map.of("retention.ms", "2000"));
        });
        alterBehindTheOperatorsBack(topic, "retention.ms", "5");
        alterBehindTheOperatorsBack(topic, "cleanup.policy", "compact");
        await().atMost(RESYNC.multipliedBy(5)).untilAsserted(() ->
                assertThat(topicConfigs(topic)).as("put back").isEqualTo(Map.of("retention.ms", "2000")));
    }

    @Test
    void shrinkingOrReReplicatingATopicIsNotSupportedAndChangesNothing() throws Exception {
        String ns = namespace("shrink");
        String topic = ns + ".wide";
        admin.createTopics(List.of(new NewTopic(topic, 8, (short) 1))).all().get(30, TimeUnit.SECONDS);
        apply(ns, source("wide", "topic: {partitions: 4}"));
        String message = awaitReady(ns, "wide", "False", "NotSupported");
        assertThat(message).contains("has 8 partitions").contains("at least 8");
        apply(ns, source("narrow", "topic: {name: " + ns + ".narrow, replicationFactor: 1}"));
        awaitReady(ns, "narrow", "True", "TopicReady");
        apply(ns, source("narrow", "topic: {name: " + ns + ".narrow, replicationFactor: 2}"));
        assertThat(awaitReady(ns, "narrow", "False", "NotSupported")).contains("replication factor 1");
        assertThat(describe(topic).partitions()).hasSize(8);
        assertThat(describe(ns + ".narrow").partitions().get(0).replicas()).hasSize(1);
    }

    @Test
    void anExternalTopicMustExistAndBecomesReadyWhenItAppears() throws Exception {
        String ns = namespace("external");
        String topic = ns + ".legacy";
        apply(ns, source("legacy", "topic: {name: " + topic + ", external: true}"));
        assertThat(awaitReady(ns, "legacy", "False", "TopicNotFound")).contains("create it there");
        assertThat(topicExists(topic)).as("never created by Tributary").isFalse();
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1).configs(Map.of("retention.ms", "99"))))
                .all().get(30, TimeUnit.SECONDS);
        awaitReady(ns, "legacy", "True", "TopicReady");
        Thread.sleep(RESYNC.multipliedBy(2).toMillis());
        assertThat(topicConfigs(topic)).as("never changed by Tributary").isEqualTo(Map.of("retention.ms", "99"));
    }

    @Test
    void theOlderOfTwoClaimsOwnsATopic() throws Exception {
        String ns = namespace("conflict");
        String topic = ns + ".shared";
        apply(ns, source("first", "topic: {name: " + topic + ", partitions: 2}"));
        awaitReady(ns, "first", "True", "TopicReady");
        apply(ns, sink("second", "kafka: {topic: {name: " + topic + ", partitions: 7}}"));
        String message = awaitReady("sink", ns, "second", "False", "ResourceConflict");
        assertThat(message).contains("Source " + ns + "/first");
        assertThat(describe(topic).partitions()).as("the newer claim changed nothing").hasSize(2);
    }

    @Test
    void unsafeDurabilityIsRefusedWithAReason() throws Exception {
        String ns = namespace("durability");
        apply(ns, source("fragile", "topic: {config: {min.insync.replicas: \"2\"}}"));
        assertThat(awaitReady(ns, "fragile", "False", "InvalidConfiguration"))
                .contains("min.insync.replicas 2 with replication factor 1");
        assertThat(topicExists(ns + ".fragile")).isFalse();
    }

    @Test
    void deletionPolicyDecidesWhetherTheTopicGoesWithTheResource() throws Exception {
        String ns = namespace("deletion");
        apply(ns, source("kept", "topic: {partitions: 1}"));
        apply(ns, source("dropped", "topic: {partitions: 1, deletionPolicy: Delete}"));
        awaitReady(ns, "kept", "True", "TopicReady");
        awaitReady(ns, "dropped", "True", "TopicReady");
        assertThat(finalizers(ns, "kept")).as("no finalizer: nothing waits for the operator").isEmpty();
        assertThat(finalizers(ns, "dropped")).isEmpty();
        String ledger = cluster.kubectl("get", "configmap", "tributary-topic-ledger", "-n", "default", "-o",
                "jsonpath={.data}").stdout();
        assertThat(ledger).as("the deletion owed is recorded in the ledger, only for Delete")
                .contains(ns + ".dropped").doesNotContain(ns + ".kept");
        assertThat(cluster.kubectl("delete", "source", "kept", "dropped", "-n", ns, "--timeout=60s").succeeded()).isTrue();
        assertThat(topicExists(ns + ".kept")).as("Retain keeps the data").isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> !topicExists(ns + ".dropped"));
    }

    @Test
    void brokerDownIsReportedAndRecoveredFromWithoutHelp() throws Exception {
        String ns = namespace("outage");
        kafka.close();
        try {
            apply(ns, source("patient", "topic: {partitions: 2}"));
            assertThat(awaitReady(ns, "patient", "False", "KafkaUnavailable")).contains(kafka.bootstrapServers());
        } finally {
            kafka.restart();
        }
        awaitReady(ns, "patient", "True", "TopicReady");
        assertThat(describe(ns + ".patient").partitions()).hasSize(2);
    }

    @Test
    void aNamespaceDeletionIsNeverHeldForeverByAnUnreachableBroker() throws Exception {
        String ns = namespace("teardown");
        apply(ns, source("doomed", "topic: {partitions: 1, deletionPolicy: Delete}"));
        awaitReady(ns, "doomed", "True", "TopicReady");
        kafka.close();
        try {
            assertThat(cluster.kubectl("delete", "namespace", ns, "--wait=false").succeeded()).isTrue();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> cluster.client().namespaces().withName(ns).get() == null);
        } finally {
            kafka.restart();
        }
    }

    @Test
    void anOperatorKilledMidReconcileFinishesTheWorkAfterARestart() throws Exception {
        String ns = namespace("crash");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            many.append(source("s" + i, "topic: {partitions: 2, config: {retention.ms: \"" + (60000 + i) + "\"}}"));
        }
        apply(ns, many.toString());
        Thread.sleep(300);
        operator.kill();
        operator.start();
        for (int i = 0; i < 20; i++) {
            awaitReady(ns, "s" + i, "True", "TopicReady");
            assertThat(describe(ns + ".s" + i).partitions()).hasSize(2);
            assertThat(topicConfigs(ns + ".s" + i)).containsEntry("retention.ms", String.valueOf(60000 + i));
        }
    }

    @Test
    void aResourceCanUseAnotherClusterWithSaslCredentialsFromASecret() throws Exception {
        String ns = namespace("sasl");
        String password = PlantedSecrets.value("sasl-alice");
        try (KafkaBroker secured = KafkaBroker.startWithSaslPlain(
                Files.createDirectories(Clusters.workDir().resolve("topic-operator-e2e/kafka-sasl")),
                Map.of("admin", "admin-pw", "alice", password));
                Admin securedAdmin = secured.admin()) {
            String connection = "kafkaConnection: {bootstrapServers: \"" + secured.bootstrapServers() + "\","
                    + " securityProtocol: SASL_PLAINTEXT, saslMechanism: PLAIN, credentialsSecret: {name: kafka-alice}}";
            apply(ns, source("remote", connection + "\n  topic: {partitions: 3}"));
            assertThat(awaitReady(ns, "remote", "False", "CredentialsMissing")).contains("kafka-alice");
            apply(ns, "apiVersion: v1\nkind: Secret\nmetadata: {name: kafka-alice}\nstringData: {username: alice,"
                    + " password: " + password + "}\n");
            awaitReady(ns, "remote", "True", "TopicReady");
            assertThat(securedAdmin.describeTopics(List.of(ns + ".remote")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(ns + ".remote").partitions()).hasSize(3);
            assertThat(topicExists(ns + ".remote")).as("not on the default cluster").isFalse();
            String everythingVisible = cluster.kubectl("get", "source", "remote", "-n", ns, "-o", "yaml").stdout()
                    + cluster.kubectl("get", "events", "-n", ns, "-o", "yaml").stdout()
                    + Files.readString(operator.log());
            assertThat(everythingVisible).as("the password stays in its Secret").doesNotContain(password);
        }
    }

    @Test
    void tlsConnectionsTrustTheCaFromASecretSayWhenItIsWrongAndFollowRotatedCredentials() throws Exception {
        String ns = namespace("tls");
        Path work = Files.createDirectories(Clusters.workDir().resolve("topic-operator-e2e/tls-" + System.nanoTime()));
        LocalCertificateAuthority brokersCa = LocalCertificateAuthority.create(work.resolve("ca"), "tributary-e2e-ca");
        LocalCertificateAuthority otherCa = LocalCertificateAuthority.create(work.resolve("other-ca"), "not-the-brokers");
        String alice = PlantedSecrets.value("sasl-ssl-alice");
        String bob = PlantedSecrets.value("sasl-ssl-bob");
        try (KafkaBroker secured = KafkaBroker.startWithSaslSsl(work.resolve("kafka"),
                Map.of("admin", "admin-pw", "alice", alice, "bob", bob), brokersCa);
                Admin securedAdmin = secured.admin()) {
            secret(ns, "kafka-ca", Map.of("ca.crt", otherCa.certificatePem()));
            secret(ns, "kafka-login", Map.of("username", "alice", "password", alice));
            String connection = "kafkaConnection: {bootstrapServers: \"" + secured.bootstrapServers() + "\","
                    + " securityProtocol: SASL_SSL, saslMechanism: PLAIN, credentialsSecret: {name: kafka-login},"
                    + " caCertificate: {name: kafka-ca, key: ca.crt}}";
            apply(ns, source("secure", connection + "\n  topic: {partitions: 3}"));
            String wrongCa = awaitReady(ns, "secure", "False", "KafkaAuthenticationFailed");
            assertThat(wrongCa).contains("TLS handshake", secured.bootstrapServers(), "spec.kafkaConnection.caCertificate");

            secret(ns, "kafka-ca", Map.of("ca.crt", brokersCa.certificatePem()));
            awaitReady(ns, "secure", "True", "TopicReady");
            assertThat(securedAdmin.describeTopics(List.of(ns + ".secure")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(ns + ".secure").partitions()).hasSize(3);
            apply(ns, sink("secure-out", connection + "\n  kafka: {topic: {partitions: 2}}"));
            awaitReady("sink", ns, "secure-out", "True", "TopicReady");
            assertThat(securedAdmin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(ns + ".secure-out");
            assertThat(topicExists(ns + ".secure")).as("not on the default cluster").isFalse();

            // Rotation: the Secret now holds a password the broker rejects, so only a new client can fail.
            secret(ns, "kafka-login", Map.of("username", "bob", "password", "not-" + bob));
            assertThat(awaitReady(ns, "secure", "False", "KafkaAuthenticationFailed"))
                    .contains("rejected the SASL login", "spec.kafkaConnection.credentialsSecret");
            secret(ns, "kafka-login", Map.of("username", "bob", "password", bob));
            awaitReady(ns, "secure", "True", "TopicReady");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(Files.readString(operator.log()))
                    .contains("The Kafka client for " + secured.bootstrapServers() + " is replaced")
                    .contains("Closed the replaced Kafka client for " + secured.bootstrapServers()));

            String everythingVisible = cluster.kubectl("get", "source,sink", "-n", ns, "-o", "yaml").stdout()
                    + cluster.kubectl("get", "events", "-n", ns, "-o", "yaml").stdout()
                    + Files.readString(operator.log());
            assertThat(everythingVisible).as("passwords stay in their Secret").doesNotContain(alice).doesNotContain(bob);
        }
    }

    @Test
    @Order(1) // measured first, while nothing else in the cluster is settling
    void unchangedResourcesCostNoWritesOverManyResyncs() throws Exception {
        String ns = namespace("quiet");
        StringBuilder hundred = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            hundred.append(source("q" + i, "topic: {partitions: 1, config: {retention.ms: \"86400000\"}}"));
        }
        apply(ns, hundred.toString());
        await().atMost(Duration.ofSeconds(120)).until(() -> IntStream.range(0, 100)
                .allMatch(i -> "True".equals(readyStatus("source", ns, "q" + i))));
        Thread.sleep(RESYNC.multipliedBy(2).toMillis()); // let the last status writes and events settle
        Map<String, Double> apiBefore = apiWrites();
        Map<String, String> eventsBefore = operatorEvents();
        long kafkaBefore = kafkaMutations();
        long measuredMillis = RESYNC.multipliedBy(6).toMillis();
        Thread.sleep(measuredMillis);
        Map<String, Double> apiAfter = apiWrites();
        Map<String, String> eventsAfter = operatorEvents();
        long kafkaAfter = kafkaMutations();
        Map<String, Double> apiDelta = apiAfter.entrySet().stream()
                .filter(e -> e.getValue() - apiBefore.getOrDefault(e.getKey(), 0.0) > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() - apiBefore.getOrDefault(e.getKey(), 0.0)));
        long eventWrites = eventsAfter.entrySet().stream()
                .filter(e -> !e.getValue().equals(eventsBefore.get(e.getKey()))).count();
        if (eventWrites > 0) {
            apiDelta.put("events recorded or updated by tributary-operator", (double) eventWrites);
        }
        System.out.printf("[measure] 100 unchanged Sources, %d resyncs of %ds: API writes %s, Kafka admin mutations %d%n",
                measuredMillis / RESYNC.toMillis(), RESYNC.toSeconds(),
                apiDelta.isEmpty() ? "0" : apiDelta, kafkaAfter - kafkaBefore);
        assertThat(apiDelta).as("writes to the API server by resource and verb").isEmpty();
        assertThat(kafkaAfter - kafkaBefore).as("Kafka create/alter/delete requests").isZero();
        assertThat(operator.log()).content().contains("Source/q99");
    }

    // --- helpers ---

    /**
     * A Source's ingest endpoint: the operator makes the Deployment, Service, PodDisruptionBudget and NetworkPolicy,
     * follows the spec, reports the URL, and removes them when {@code spec.ingest} is removed; the token Secret's
     * value appears in none of them.
     */
    @Test
    void aSourcesIngestEndpointAppearsFollowsTheSpecAndGoesAwayWhenIngestIsRemoved() {
        String ns = namespace("ingest");
        secret(ns, "clicks-tokens", Map.of("tokens", INGEST_TOKEN));

        cluster.apply(ns, ingestSource("ingest: {http: {replicas: 2, auth: {secretRef: {name: clicks-tokens, key: tokens}}}}"));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Deployment d = ingestChild(Deployment.class, ns);
            assertThat(d).as("Deployment clicks-ingest").isNotNull();
            assertThat(d.getSpec().getReplicas()).isEqualTo(2);
            assertThat(ingestChild(Service.class, ns)).as("Service").isNotNull();
            assertThat(ingestChild(PodDisruptionBudget.class, ns)).as("PodDisruptionBudget").isNotNull();
            assertThat(ingestChild(NetworkPolicy.class, ns)).as("NetworkPolicy").isNotNull();
            assertThat(ingestUrl(ns)).isEqualTo("http://clicks-ingest." + ns + ".svc:8080/v1/sources/clicks/records");
        });
        Deployment first = ingestChild(Deployment.class, ns);
        assertThat(first.getSpec().getTemplate().getSpec().getVolumes()).extracting(v -> v.getSecret().getSecretName())
                .containsExactly("clicks-tokens");
        assertThat(first.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("Source"));
        assertThat(cluster.kubectl("get", "deployment,service,networkpolicy,poddisruptionbudget,source", "-n", ns,
                "-o", "yaml").stdout()).contains("clicks-ingest").doesNotContain(INGEST_TOKEN);

        cluster.apply(ns, ingestSource("ingest: {http: {replicas: 3, tls: {secretName: clicks-cert},"
                + " auth: {secretRef: {name: clicks-tokens, key: tokens}}}}"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Deployment d = ingestChild(Deployment.class, ns);
            assertThat(d.getSpec().getReplicas()).isEqualTo(3);
            assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).extracting(v -> v.getSecret().getSecretName())
                    .containsExactly("clicks-cert", "clicks-tokens");
            assertThat(ingestUrl(ns)).startsWith("https://clicks-ingest.");
        });

        cluster.apply(ns, ingestSource(""));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(ingestChild(Deployment.class, ns)).as("Deployment gone").isNull();
            assertThat(ingestChild(Service.class, ns)).as("Service gone").isNull();
            assertThat(ingestChild(PodDisruptionBudget.class, ns)).as("PodDisruptionBudget gone").isNull();
            assertThat(ingestChild(NetworkPolicy.class, ns)).as("NetworkPolicy gone").isNull();
            assertThat(ingestUrl(ns)).isNull();
        });
    }

    private static String ingestSource(String ingestYaml) {
        return "apiVersion: tributary.dev/v1alpha1\nkind: Source\nmetadata: {name: clicks}\nspec:\n"
                + "  schema: {fields: [{name: user_id, type: STRING NOT NULL}, {name: url, type: STRING}]}\n"
                + (ingestYaml.isEmpty() ? "" : "  " + ingestYaml + "\n") + "---\n";
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T ingestChild(Class<T> kind, String ns) {
        return cluster.client().resources(kind).inNamespace(ns).withName("clicks-ingest").get();
    }

    private static String ingestUrl(String ns) {
        Source s = cluster.client().resources(Source.class).inNamespace(ns).withName("clicks").get();
        return s == null || s.getStatus() == null || s.getStatus().ingest == null ? null : s.getStatus().ingest.url;
    }

    private static String namespace(String name) {
        String ns = "topics-" + name;
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                .build()).serverSideApply();
        return ns;
    }

    private static void secret(String ns, String name, Map<String, String> data) {
        cluster.client().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(name)
                .endMetadata().withStringData(data).build()).forceConflicts().serverSideApply();
    }

    private static String source(String name, String topicYaml) {
        return "apiVersion: tributary.dev/v1alpha1\nkind: Source\nmetadata: {name: " + name + "}\nspec:\n  " + topicYaml
                + "\n  schema: {fields: [{name: id, type: BIGINT}]}\n---\n";
    }

    private static String sink(String name, String specYaml) {
        return "apiVersion: tributary.dev/v1alpha1\nkind: Sink\nmetadata: {name: " + name + "}\nspec:\n  " + specYaml
                + "\n---\n";
    }

    private static void apply(String ns, String yaml) {
        cluster.apply(ns, yaml);
    }

    private static String awaitReady(String ns, String name, String status, String reason) {
        return awaitReady("source", ns, name, status, reason);
    }

    /** Waits for Ready to have this status and reason; returns its message. */
    private static String awaitReady(String kind, String ns, String name, String status, String reason) {
        return ReadyCondition.await(cluster, kind, ns, name, status, reason, Duration.ofSeconds(60));
    }

    private static String readyStatus(String kind, String ns, String name) {
        Source source = cluster.client().resources(Source.class).inNamespace(ns).withName(name).get();
        return source == null || source.getStatus() == null ? null
                : source.getStatus().condition("Ready").map(c -> c.status).orElse(null);
    }

    private static List<String> finalizers(String ns, String name) {
        return cluster.client().resources(Source.class).inNamespace(ns).withName(name).get().getMetadata().getFinalizers();
    }

    private static TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
    }

    private static boolean topicExists(String topic) throws Exception {
        try {
            describe(topic);
            return true;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    private static Map<String, String> topicConfigs(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).entries().stream()
                .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
    }

    private static void alterBehindTheOperatorsBack(String topic, String key, String value) throws Exception {
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                List.of(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
    }

    /**
     * The API server's own count of write requests on Tributary resources, by resource and verb. Events are counted
     * by {@link #operatorEvents()} instead: the API server's counter includes other controllers' events (the
     * persistent-volume controller repeats its own about claims other suites left pending).
     */
    private static Map<String, Double> apiWrites() {
        String metrics = cluster.client().raw("/metrics");
        Map<String, Double> writes = new java.util.TreeMap<>();
        for (String line : metrics.split("\n")) {
            if (!line.startsWith("apiserver_request_total{")) {
                continue;
            }
            String verb = label(line, "verb").orElse("");
            String resource = label(line, "resource").orElse("");
            String group = label(line, "group").orElse("");
            boolean write = List.of("POST", "PUT", "PATCH", "DELETE", "APPLY").contains(verb);
            boolean ours = group.equals("tributary.dev");
            if (write && ours) {
                writes.merge(resource + " " + verb, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            }
        }
        return writes;
    }

    /** The events the operator recorded (source component tributary-operator), by uid: a new or changed one is a write. */
    private static Map<String, String> operatorEvents() {
        return cluster.client().v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> e.getSource() != null && "tributary-operator".equals(e.getSource().getComponent()))
                .collect(Collectors.toMap(e -> e.getMetadata().getUid(), e -> e.getMetadata().getResourceVersion()));
    }

    private static Optional<String> label(String line, String name) {
        int at = line.indexOf(name + "=\"");
        if (at < 0) {
            return Optional.empty();
        }
        int start = at + name.length() + 2;
        return Optional.of(line.substring(start, line.indexOf('"', start)));
    }

    /** The broker's own count of topic-changing requests (it runs in this JVM, so its JMX meters are here). */
    private static long kafkaMutations() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long total = 0;
        for (String request : List.of("CreateTopics", "CreatePartitions", "IncrementalAlterConfigs", "AlterConfigs",
                "DeleteTopics")) {
            for (ObjectName name : server.queryNames(new ObjectName(
                    "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=" + request + ",*"), null)) {
                total += ((Number) server.getAttribute(name, "Count")).longValue();
            }
        }
        return total;
    }

}
