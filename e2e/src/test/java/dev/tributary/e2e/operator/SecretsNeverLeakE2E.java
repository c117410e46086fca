package dev.tributary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.e2e.faults.PlantedSecrets;
import dev.tributary.local.KafkaBroker;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs last (class order, see junit-platform.properties) over the shared control plane: plants secret values of its
 * own — a Kafka SASL login the broker rejects (so the values sit next to an error message), a database password, a
 * webhook token — in Secrets that a Source, two Sinks and a Pipeline use, and then searches every event, every
 * Tributary resource (status included), every ConfigMap and Deployment in every namespace, and every operator log
 * any suite wrote, for those values and the ones other suites planted ({@link PlantedSecrets}): 0 occurrences.
 */
@ClusterTest
@Order(Integer.MAX_VALUE)
class SecretsNeverLeakE2E {

    private static final String NS = "secrets-planted";

    @Test
    void noPlantedSecretValueAppearsInAnyLogEventStatusOrConfigMap() throws Exception {
        TestCluster cluster = Clusters.shared();
        cluster.installCrds();
        Path work = Clusters.workDir().resolve("secrets-never-leak-e2e");
        String kafkaPassword = PlantedSecrets.value("kafka-password");
        String jdbcPassword = PlantedSecrets.value("jdbc-password");
        String webhookToken = PlantedSecrets.value("webhook-token");
        try (KafkaBroker kafka = KafkaBroker.start(Files.createDirectories(work.resolve("kafka-" + System.nanoTime())));
                OperatorProcess operator = new OperatorProcess(cluster.kubeconfig(), Map.of(
                        "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                        "TRIBUTARY_RESYNC_PERIOD", "5s",
                        "QUARKUS_OPERATOR_SDK_NAMESPACES", NS), work.resolve("operator.log")).start()) {
            cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata()
                    .build()).serverSideApply();
            secret(cluster, "kafka-login", Map.of("username", "planted-user", "password", kafkaPassword));
            secret(cluster, "db-login", Map.of("username", "analytics", "password", jdbcPassword));
            secret(cluster, "hook", Map.of("authorization", "Bearer " + webhookToken));
            cluster.apply(NS, resources(kafka.bootstrapServers()));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                String reasons = cluster.kubectl("get", "sources,sinks,pipelines", "-n", NS, "-o",
                        "jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type==\"Ready\")].reason}"
                                + " {end}").stdout();
                assertThat(reasons).as("every resource reconciled, the Source with a rejected login")
                        .contains("remote=Kafka", "db=", "hook=", "alerts=")
                        .doesNotContain("db= ", "hook= ", "alerts= ");
                assertThat(cluster.client().configMaps().inNamespace(NS).withName("alerts-plan").get()).isNotNull();
            });
        }

        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("events", kubectl(cluster, "get", "events", "-A", "-o", "yaml"));
        texts.put("Tributary resources", kubectl(cluster, "get", "sources,sinks,pipelines,dashboards", "-A", "-o",
                "yaml"));
        texts.put("ConfigMaps", kubectl(cluster, "get", "configmaps", "-A", "-o", "yaml"));
        texts.put("Deployments", kubectl(cluster, "get", "deployments", "-A", "-o", "yaml"));
        List<Path> logs;
        try (Stream<Path> files = Files.walk(Clusters.workDir())) {
            logs = files.filter(p -> p.getFileName().toString().matches("operator.*\\.log")).toList();
        }
        for (Path log : logs) {
            texts.put(log.toString(), Files.readString(log, StandardCharsets.ISO_8859_1));
        }

        String secrets = kubectl(cluster, "get", "secrets", "-n", NS, "-o", "jsonpath={.items[*].data.password}");
        assertThat(decodedWords(secrets)).as("the search looks for what the Secrets really hold")
                .contains(kafkaPassword, jdbcPassword);
        List<String> leaks = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, String> text : texts.entrySet()) {
            bytes += text.getValue().length();
            for (String planted : PlantedSecrets.all()) {
                for (String form : List.of(planted, base64(planted))) {
                    if (text.getValue().contains(form)) {
                        leaks.add(planted + (form.equals(planted) ? "" : " (base64)") + " in " + text.getKey());
                    }
                }
            }
        }
        System.out.printf("[secrets] %d planted values searched for in %d texts (%d operator logs, %,d characters):"
                + " %d occurrences%n", PlantedSecrets.all().size(), texts.size(), logs.size(), bytes, leaks.size());
        assertThat(logs).as("operator logs to search").isNotEmpty();
        assertThat(leaks).isEmpty();
    }

    private static List<String> decodedWords(String base64Values) {
        return Stream.of(base64Values.trim().split("\\s+")).filter(s -> !s.isEmpty())
                .map(s -> new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8)).toList();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String kubectl(TestCluster cluster, String... args) {
        CommandResult result = cluster.kubectl(args);
        assertThat(result.succeeded()).as(result.describe()).isTrue();
        return result.stdout();
    }

    private static void secret(TestCluster cluster, String name, Map<String, String> data) {
        cluster.client().secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(name)
                .endMetadata().withStringData(data).build()).serverSideApply();
    }

    private static String resources(String bootstrap) {
        return """
                apiVersion: tributary.dev/v1alpha1
                kind: Source
                metadata: {name: remote}
                spec:
                  kafkaConnection: {bootstrapServers: "%s", securityProtocol: SASL_PLAINTEXT, saslMechanism: PLAIN,
                                    credentialsSecret: {name: kafka-login}}
                  topic: {partitions: 1}
                  format: json
                  schema: {fields: [{name: id, type: STRING NOT NULL}, {name: amount, type: DOUBLE}]}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Source
                metadata: {name: payments}
                spec:
                  topic: {partitions: 1, replicationFactor: 1}
                  format: json
                  schema: {fields: [{name: id, type: STRING NOT NULL}, {name: amount, type: DOUBLE}]}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Sink
                metadata: {name: db}
                spec:
                  jdbc: {url: "jdbc:postgresql://db.example:5432/analytics", table: totals, upsertKey: [id],
                         credentialsSecret: {name: db-login}}
                  schema: {fields: [{name: id, type: STRING NOT NULL}, {name: amount, type: DOUBLE}]}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Sink
                metadata: {name: hook}
                spec:
                  webhook: {url: "https://alerts.example/hooks/tributary", secretRef: {name: hook, key: authorization}}
                  schema: {fields: [{name: id, type: STRING NOT NULL}, {name: amount, type: DOUBLE}]}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Pipeline
                metadata: {name: alerts}
                spec:
                  sources: [payments]
                  sinks: [db, hook]
                  sql: |
                    INSERT INTO db SELECT id, amount FROM payments;
                    INSERT INTO hook SELECT id, amount FROM payments WHERE amount > 100
                  checkpoints: {interval: 1m, guarantee: at-least-once, storage: {volume: {size: 1Gi}}}
                """.formatted(bootstrap);
    }
}
