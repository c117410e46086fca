package dev.tributary.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster behaves like a cluster, not just an API server: controllers, the scheduler, the
 * simulated node and garbage collection all work.
 */
@ClusterTest
class ControlPlaneE2E {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private String namespace;

    @BeforeEach
    void freshNamespace(TestCluster cluster) {
        namespace = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .endMetadata().build()).create();
    }

    @Test
    void aNodeIsReadyAndSchedulable(TestCluster cluster) {
        List<Node> nodes = cluster.client().nodes().list().getItems();
        assertThat(nodes).isNotEmpty();
        assertThat(nodes).anySatisfy(node -> {
            assertThat(node.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
            assertThat(node.getStatus().getConditions())
                    .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
            assertThat(node.getStatus().getAllocatable()).containsKeys("cpu", "memory", "pods");
        });
        CommandResult version = cluster.kubectl("version", "-o", "json");
        assertThat(version.succeeded()).as(version.describe()).isTrue();
        assertThat(version.stdout()).contains("\"serverVersion\"").doesNotContain("v0.0.0");
    }

    @Test
    void aDeploymentAppliedWithKubectlBecomesAvailable(TestCluster cluster) {
        CommandResult apply = cluster.kubectl("apply", "-n", namespace, "-f", resource("cluster/deployment.yaml"));
        assertThat(apply.succeeded()).as(apply.describe()).isTrue();
        CommandResult rollout = cluster.kubectl("rollout", "status", "deployment/web", "-n", namespace,
                "--timeout=" + TIMEOUT.toSeconds() + "s");
        assertThat(rollout.succeeded()).as(rollout.describe()).isTrue();
        assertThat(rollout.stdout()).contains("successfully rolled out");

        Deployment web = cluster.client().apps().deployments().inNamespace(namespace).withName("web").get();
        assertThat(web.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(web.getStatus().getConditions())
                .anyMatch(c -> c.getType().equals("Available") && c.getStatus().equals("True"));
        List<Pod> pods = cluster.client().pods().inNamespace(namespace).withLabel("app", "web").list().getItems();
        assertThat(pods).hasSize(3).allSatisfy(pod -> {
            assertThat(pod.getSpec().getNodeName()).as("scheduled onto a node").isNotBlank();
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(pod.getStatus().getConditions())
                    .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        });
    }

    @Test
    void deletingAnOwnerGarbageCollectsWhatItOwns(TestCluster cluster) {
        ConfigMap owner = cluster.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("owner").endMetadata().addToData("role", "owner").build()).create();
        cluster.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("owned")
                    .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("owner")
                        .withUid(owner.getMetadata().getUid()).endOwnerReference()
                .endMetadata().addToData("role", "owned").build()).create();
        assertThat(cluster.client().configMaps().inNamespace(namespace).withName("owned").get()).isNotNull();

        CommandResult delete = cluster.kubectl("delete", "configmap", "owner", "-n", namespace);
        assertThat(delete.succeeded()).as(delete.describe()).isTrue();
        Awaitility.await("the garbage collector deletes the owned ConfigMap").atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.client().configMaps().inNamespace(namespace).withName("owned").get() == null);
    }

    @Test
    void deletingADeploymentRemovesItsReplicaSetsAndPods(TestCluster cluster) {
        CommandResult apply = cluster.kubectl("apply", "-n", namespace, "-f", resource("cluster/deployment.yaml"));
        assertThat(apply.succeeded()).as(apply.describe()).isTrue();
        Awaitility.await("pods exist").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.client().pods().inNamespace(namespace).list().getItems().size() == 3);
        assertThat(cluster.client().apps().replicaSets().inNamespace(namespace).list().getItems()).hasSize(1);

        CommandResult delete = cluster.kubectl("delete", "deployment", "web", "-n", namespace, "--cascade=background");
        assertThat(delete.succeeded()).as(delete.describe()).isTrue();
        Awaitility.await("ReplicaSets and pods are garbage-collected").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.client().apps().replicaSets().inNamespace(namespace).list().getItems().isEmpty()
                        && cluster.client().pods().inNamespace(namespace).list().getItems().isEmpty());
    }

    private static String resource(String name) {
        try {
            return Path.of(ControlPlaneE2E.class.getClassLoader().getResource(name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
