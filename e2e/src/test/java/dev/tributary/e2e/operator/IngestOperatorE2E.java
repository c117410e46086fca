package dev.tributary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.v1alpha1.Source;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.local.KafkaBroker;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Source's ingest endpoint on the real control plane: the operator (its own process) makes the Deployment,
 * Service, PodDisruptionBudget and NetworkPolicy, follows the spec, reports the URL, and removes them all when
 * {@code spec.ingest} is removed. The token Secret's value appears in none of them.
 */
@ClusterTest
class IngestOperatorE2E {

    private static final String TOKEN = "planted-ingest-token-7f3a";

    private static TestCluster cluster;
    private static KafkaBroker kafka;
    private static OperatorProcess operator;

    @BeforeAll
    static void start() throws Exception {
        cluster = Clusters.shared();
        cluster.installCrds();
        Path work = Clusters.workDir().resolve("ingest-operator-e2e");
        kafka = KafkaBroker.start(Files.createDirectories(work.resolve("kafka")));
        operator = new OperatorProcess(cluster.kubeconfig(), Map.of(
                "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "TRIBUTARY_RESYNC_PERIOD", "5s"), work.resolve("operator.log")).start();
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theIngestChildrenAppearFollowTheSpecAndGoAwayWhenIngestIsRemoved() {
        String ns = "ingest-e2e";
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                .build()).serverSideApply();
        cluster.client().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata()
                .withName("clicks-tokens").endMetadata().withStringData(Map.of("tokens", TOKEN)).build())
                .forceConflicts().serverSideApply();

        cluster.apply(ns, source("ingest: {http: {replicas: 2, auth: {secretRef: {name: clicks-tokens, key: tokens}}}}"));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Deployment d = get(Deployment.class, ns);
            assertThat(d).as("Deployment clicks-ingest").isNotNull();
            assertThat(d.getSpec().getReplicas()).isEqualTo(2);
            assertThat(get(Service.class, ns)).as("Service").isNotNull();
            assertThat(get(PodDisruptionBudget.class, ns)).as("PodDisruptionBudget").isNotNull();
            assertThat(get(NetworkPolicy.class, ns)).as("NetworkPolicy").isNotNull();
            assertThat(ingestUrl(ns)).isEqualTo("http://clicks-ingest." + ns + ".svc:8080/v1/sources/clicks/records");
        });
        Deployment first = get(Deployment.class, ns);
        assertThat(first.getSpec().getTemplate().getSpec().getVolumes()).extracting(v -> v.getSecret().getSecretName())
                .containsExactly("clicks-tokens");
        assertThat(first.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("Source"));
        assertThat(cluster.kubectl("get", "deployment,service,networkpolicy,poddisruptionbudget,source", "-n", ns,
                "-o", "yaml").stdout()).contains("clicks-ingest").doesNotContain(TOKEN);

        cluster.apply(ns, source("ingest: {http: {replicas: 3, tls: {secretName: clicks-cert},"
                + " auth: {secretRef: {name: clicks-tokens, key: tokens}}}}"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Deployment d = get(Deployment.class, ns);
            assertThat(d.getSpec().getReplicas()).isEqualTo(3);
            assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).extracting(v -> v.getSecret().getSecretName())
                    .containsExactly("clicks-cert", "clicks-tokens");
            assertThat(ingestUrl(ns)).startsWith("https://clicks-ingest.");
        });

        cluster.apply(ns, source(""));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(get(Deployment.class, ns)).as("Deployment gone").isNull();
            assertThat(get(Service.class, ns)).as("Service gone").isNull();
            assertThat(get(PodDisruptionBudget.class, ns)).as("PodDisruptionBudget gone").isNull();
            assertThat(get(NetworkPolicy.class, ns)).as("NetworkPolicy gone").isNull();
            assertThat(ingestUrl(ns)).isNull();
        });
    }

    private static String source(String ingestYaml) {
        return "apiVersion: tributary.dev/v1alpha1\nkind: Source\nmetadata: {name: clicks}\nspec:\n"
                + "  schema: {fields: [{name: user_id, type: STRING NOT NULL}, {name: url, type: STRING}]}\n"
                + (ingestYaml.isEmpty() ? "" : "  " + ingestYaml + "\n") + "---\n";
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T get(Class<T> kind, String ns) {
        return cluster.client().resources(kind).inNamespace(ns).withName("clicks-ingest").get();
    }

    private static String ingestUrl(String ns) {
        Source s = cluster.client().resources(Source.class).inNamespace(ns).withName("clicks").get();
        return s == null || s.getStatus() == null || s.getStatus().ingest == null ? null : s.getStatus().ingest.url;
    }
}
