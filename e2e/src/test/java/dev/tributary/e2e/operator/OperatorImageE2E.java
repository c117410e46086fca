package dev.tributary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.Commands;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.local.KafkaBroker;
import dev.tributary.local.LogTail;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The operator image that {@code images/build.sh} builds with podman (no registry) starts against the real control
 * plane as the chart's pod would run it (its own user, read-only root filesystem, a memory limit), becomes ready and
 * turns a Source into its Kafka topic; and no container is left once it is stopped.
 */
@ClusterTest
class OperatorImageE2E {

    private static final String IMAGE = "localhost/tributary/operator:dev";

    @Test
    void theOperatorImageReconcilesAgainstTheApiServer() throws Exception {
        Path repository = Path.of(System.getProperty("tributary.repository.dir")).toAbsolutePath().normalize();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/podman")),
                "podman is not installed (apt-get install podman runc; see images/build.sh)");
        CommandResult built = Commands.run(List.of("bash", repository.resolve("images/build.sh").toString(), "operator"),
                Map.of(), null, Duration.ofMinutes(20));
        assertThat(built.succeeded()).as(built.describe()).isTrue();
        assertThat(built.stdout()).contains("operator=" + IMAGE + "@");

        TestCluster cluster = Clusters.shared();
        cluster.installCrds();
        Path work = Files.createDirectories(Clusters.workDir().resolve("operator-image-e2e"));
        Path containersConf = repository.resolve("images/containers.conf");
        OperatorContainer container = new OperatorContainer(IMAGE, containersConf);
        try (KafkaBroker kafka = KafkaBroker.start(Files.createDirectories(work.resolve("kafka")));
                Admin admin = kafka.admin()) {
            String ns = "operator-image";
            cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                    .endMetadata().build()).serverSideApply();
            // Only this namespace: in the full suite the shared control plane holds the earlier suites' Pipelines,
            // whose brokers are gone, and reconciling them in a 512 MiB container kept this Source waiting.
            try (OperatorProcess operator = new OperatorProcess(cluster.kubeconfig(), Map.of(
                    "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "TRIBUTARY_RESYNC_PERIOD", "5s", "TRIBUTARY_WATCH_NAMESPACES", ns), work.resolve("operator.log"),
                    container).start()) {
                assertThat(podman(containersConf, "ps", "--filter", "label=dev.tributary.test=e2e",
                        "--format", "{{.Image}} {{.Status}}")).contains(IMAGE).contains("Up");
                assertThat(podman(containersConf, "top", container.name(), "user").lines().skip(1).toList())
                        .as("the operator's processes run as the image's user 185").isNotEmpty()
                        .allSatisfy(l -> assertThat(l.strip()).isEqualTo("185"));
                cluster.apply(ns, "apiVersion: tributary.dev/v1alpha1\nkind: Source\nmetadata: {name: clicks}\n"
                        + "spec:\n  topic: {partitions: 2}\n  schema: {fields: [{name: id, type: BIGINT}]}\n");
                try {
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                            .alias("the operator container creates the Source's topic").until(() ->
                                    admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(ns + ".clicks"));
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError(e.getMessage() + "; the operator's log ends with:\n"
                            + LogTail.of(operator.log(), 60), e);
                }
                String log = Files.readString(operator.log());
                assertThat(log).as("the image's JVM runs the Quarkus application").contains("tributary-operator");
            }
            assertThat(podman(containersConf, "ps", "-a", "--filter", "label=dev.tributary.test=e2e", "--format",
                    "{{.Names}}").strip()).as("no operator container outlives its test").isEmpty();
        }
    }

    private static String podman(Path containersConf, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("env", "CONTAINERS_CONF=" + containersConf, "podman"));
        command.addAll(List.of(args));
        CommandResult result = Commands.run(command, Map.of(), null, Duration.ofMinutes(1));
        assertThat(result.succeeded()).as(result.describe()).isTrue();
        return result.stdout();
    }
}
