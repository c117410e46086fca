package dev.tributary.operator.topic;

import dev.tributary.operator.topic.plan.DesiredTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.v1alpha1.DeletionPolicy;
import dev.tributary.api.v1alpha1.KafkaConnectionSpec;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.kafka.KafkaClusterConfig;
import dev.tributary.operator.kafka.KafkaConnections;
import dev.tributary.operator.topic.admin.TopicAdmin;
import dev.tributary.operator.testing.ApiServer;
import dev.tributary.operator.testing.FakeTopicAdmin;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The topic ledger's sweep ({@link OwedTopicDeletions#sweep}) against a real API server (Sources, the ledger
 * ConfigMap) with Kafka as {@link FakeTopicAdmin}: a topic is deleted only when the API server confirms its owner
 * is gone and no live resource claims it now; a deletion Kafka refuses is tried again, then given up with the topic
 * left alone; entries of namespaces not watched, or of another default cluster, are not touched.
 */
class OwedTopicDeletionsIT {

    private static final String CLUSTER = "kafka:9092";
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static KubernetesClient client;

    private final FakeTopicAdmin kafka = new FakeTopicAdmin();
    private String ns;
    private TopicLedger ledger;
    private TopicClaims claims;

    @BeforeAll
    static void apiServer() {
        client = ApiServer.shared().client();
    }

    @BeforeEach
    void namespaceAndClaims() {
        ns = "owed-" + NAMESPACES.incrementAndGet();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
        ledger = new TopicLedger(client, ns);
        claims = new TopicClaims(client, config(CLUSTER), Optional.of(List.of(ns)));
        TopicTesting.start(claims);
        await().atMost(Duration.ofSeconds(60)).until(claims::synced);
    }

    @AfterEach
    void stopClaims() {
        claims.stop(null);
    }

    @Test
    void theTopicOfADeletedOwnerIsDeletedAndTheEntryForgotten() {
        Source owner = create("clicks");
        topicOwedBy(owner);
        sweeper(Duration.ofMinutes(5)).sweep();
        assertThat(kafka.changes).as("the owner still exists").isEmpty();

        client.resource(owner).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> !claims.alive(uid(owner)));
        sweeper(Duration.ofMinutes(5)).sweep();

        assertThat(kafka.changes).containsExactly("delete " + ns + ".clicks");
        assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void nothingIsDecidedBeforeTheCachesFilled() {
        Source owner = create("clicks");
        topicOwedBy(owner);
        client.resource(owner).delete();
        TopicClaims notStarted = new TopicClaims(client, config(CLUSTER), Optional.of(List.of(ns)));
        new OwedTopicDeletions(ledger, notStarted, connections(), client, config(CLUSTER), Duration.ofMinutes(5))
                .sweep();
        assertThat(kafka.changes).as("an owner missing from a cache that never filled is not gone").isEmpty();
        assertThat(ledger.entries()).hasSize(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> !claims.alive(uid(owner)));
        sweeper(Duration.ofMinutes(5)).sweep();
        assertThat(kafka.changes).containsExactly("delete " + ns + ".clicks");
    }

    @Test
    void aTopicAnotherLiveResourceClaimsNowIsLeftToIt() {
        Source first = create("clicks");
        topicOwedBy(first);
        client.resource(first).delete();
        // A Source of another name takes over the same topic before the sweep.
        create("clicks-again", ns + ".clicks");
        await().atMost(Duration.ofSeconds(30)).until(() -> !claims.alive(uid(first))
                && !claims.liveClaims(CLUSTER, ns + ".clicks").isEmpty());
        sweeper(Duration.ofMinutes(5)).sweep();

        assertThat(kafka.changes).as("the new owner keeps the topic").isEmpty();
        assertThat(kafka.topics).containsKey(ns + ".clicks");
        assertThat(ledger.entries()).as("the old promise is forgotten").isEmpty();
    }

    @Test
    void aDeletionKafkaRefusesIsTriedAgainThenGivenUpLeavingTheTopic() {
        Source owner = create("clicks");
        topicOwedBy(owner);
        client.resource(owner).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> !claims.alive(uid(owner)));
        kafka.unavailable = true;

        OwedTopicDeletions patient = sweeper(Duration.ofMinutes(5));
        patient.sweep();
        patient.sweep();
        assertThat(ledger.entries()).as("kept to try again").hasSize(1);

        kafka.unavailable = false;
        patient.sweep();
        assertThat(kafka.changes).containsExactly("delete " + ns + ".clicks");
        assertThat(ledger.entries()).isEmpty();

        Source second = create("views");
        topicOwedBy(second);
        client.resource(second).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> !claims.alive(uid(second)));
        kafka.unavailable = true;
        OwedTopicDeletions impatient = sweeper(Duration.ofMillis(1));
        impatient.sweep(); // the first failure starts the clock
        long firstFailure = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - firstFailure > 5_000_000);
        impatient.sweep();
        assertThat(ledger.entries()).as("given up").isEmpty();
        assertThat(kafka.topics).as("a topic given up on is left in Kafka").containsKey(ns + ".views");
    }

    @Test
    void entriesOfAnotherDefaultClusterOrAnUnwatchedNamespaceAreNotTouched() {
        Source owner = create("clicks");
        kafka.create(new DesiredTopic(ns + ".clicks", 1, null, Map.of(), false, DeletionPolicy.Delete));
        ledger.owe(new OwedDeletion(uid(owner), "Source", ns, "clicks", "old-kafka:9092", ns + ".clicks", null));
        ledger.owe(new OwedDeletion("uid-elsewhere", "Source", "elsewhere", "gone", CLUSTER, "elsewhere.gone", null));
        client.resource(owner).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> !claims.alive(uid(owner)));

        sweeper(Duration.ofMillis(1)).sweep();

        assertThat(kafka.changes).as("only create").hasSize(1);
        assertThat(ledger.entries()).hasSize(2);
    }

    private OwedTopicDeletions sweeper(Duration giveUpAfter) {
        return new OwedTopicDeletions(ledger, claims, connections(), client, config(CLUSTER), giveUpAfter);
    }

    private KafkaConnections connections() {
        return new KafkaConnections(config(CLUSTER), client) {
            @Override
            public TopicAdmin topicAdmin(String namespace, KafkaConnectionSpec override) {
                return kafka;
            }
        };
    }

    /** The promise the topic lifecycle makes before it creates a Delete-policy topic, and the topic. */
    private void topicOwedBy(Source owner) {
        String topic = ns + "." + owner.getMetadata().getName();
        ledger.owe(new OwedDeletion(uid(owner), "Source", ns, owner.getMetadata().getName(), CLUSTER, topic, null));
        kafka.create(new DesiredTopic(topic, 1, null, Map.of(), false, DeletionPolicy.Delete));
        kafka.changes.clear();
    }

    private Source create(String name) {
        return create(name, null);
    }

    private Source create(String name, String topic) {
        Source source = client.resources(Source.class).inNamespace(ns).resource(client.getKubernetesSerialization()
                .unmarshal("""
                        apiVersion: tributary.dev/v1alpha1
                        kind: Source
                        metadata: {name: %s}
                        spec:
                          topic: {%spartitions: 1, deletionPolicy: Delete}
                          format: json
                          schema: {fields: [{name: user_id, type: STRING NOT NULL}]}
                        """.formatted(name, topic == null ? "" : "name: " + topic + ", "), Source.class)).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> claims.alive(uid(source)));
        return source;
    }

    private static String uid(Source source) {
        return source.getMetadata().getUid();
    }

    private static KafkaClusterConfig config(String bootstrapServers) {
        return new KafkaClusterConfig() {
            @Override
            public String bootstrapServers() {
                return bootstrapServers;
            }

            @Override
            public String securityProtocol() {
                return "PLAINTEXT";
            }

            @Override
            public String saslMechanism() {
                return "SCRAM-SHA-512";
            }

            @Override
            public Optional<String> credentialsSecret() {
                return Optional.empty();
            }

            @Override
            public Optional<String> caCertificate() {
                return Optional.empty();
            }

            @Override
            public Duration requestTimeout() {
                return Duration.ofSeconds(10);
            }
        };
    }
}
