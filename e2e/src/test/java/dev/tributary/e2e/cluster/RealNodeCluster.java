package dev.tributary.e2e.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The third kind of {@link TestCluster}: a local control plane of its own (no kwok node) and one real node beside it
 * ({@link RealNode}: containerd, CNI bridge, kubelet, kube-proxy, CoreDNS), where pods run real containers from
 * images built on this machine. Started once per JVM by {@link #shared}, which skips the calling suite with the exact
 * reason where this machine cannot run a node; stopped at JVM exit or by {@link #close}.
 */
public final class RealNodeCluster implements TestCluster {

    private static final Logger log = LoggerFactory.getLogger(RealNodeCluster.class);
    /** The API server reaches kubelet (logs, exec) on the node's bridge address, never a name or loopback. */
    private static final Map<String, String> API_SERVER_FLAGS = Map.of(
            "--kubelet-preferred-address-types", "InternalIP,Hostname");

    private static RealNodeCluster shared;
    private static RuntimeException failure;

    private final LocalControlPlane plane;
    private final RealNode node;

    private RealNodeCluster(LocalControlPlane plane, RealNode node) {
        this.plane = plane;
        this.node = node;
    }

    /**
     * The JVM's real-node cluster with these images (podman names) loaded into its containerd; aborts the calling
     * test (a JUnit skip that names what is missing) when the machine cannot run a node.
     */
    public static synchronized RealNodeCluster shared(List<String> images) {
        Optional<String> missing = RealNodeHost.missing(RealNodeBinaries.loadOrNull());
        Assumptions.assumeTrue(missing.isEmpty(), () -> "No real node: " + missing.orElse(""));
        if (failure != null) {
            throw new IllegalStateException("The real-node cluster failed to start earlier in this JVM", failure);
        }
        if (shared == null) {
            try {
                shared = start(images);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            RealNodeCluster cluster = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop-real-node-cluster"));
        }
        return shared;
    }

    private static RealNodeCluster start(List<String> images) {
        Path work = Clusters.workDir().resolve("real-node");
        LocalControlPlane plane = LocalControlPlane.startForRealNode(Toolchain.load(), work, API_SERVER_FLAGS);
        try {
            RealNode node = RealNode.start(RealNodeLayout.of(work.resolve("node")), RealNodeBinaries.loadOrNull(),
                    plane.kubeconfig(), plane.client(), images);
            return new RealNodeCluster(plane, node);
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
    }

    /** The bridge's gateway address: where a test's own servers (a broker) listen for the pods. */
    public String hostAddressForPods() {
        return RealNodeLayout.GATEWAY;
    }

    /** Cluster DNS, for tests that resolve Service names as pods do. */
    public String dnsServer() {
        return RealNodeLayout.GATEWAY;
    }

    public String nodeName() {
        return RealNodeLayout.NODE_NAME;
    }

    /** {@code ctr -n k8s.io} against the node's containerd (what the kubelet runs, seen from the runtime). */
    public CommandResult ctr(String... args) {
        return node.ctr(args);
    }

    @Override
    public String description() {
        return "real node " + RealNodeLayout.NODE_NAME + " (kubelet + containerd + CNI bridge " + RealNodeLayout.BRIDGE
                + ") beside a local control plane at " + plane.client().getConfiguration().getMasterUrl();
    }

    @Override
    public Path kubeconfig() {
        return plane.kubeconfig();
    }

    @Override
    public KubernetesClient client() {
        return plane.client();
    }

    @Override
    public CommandResult kubectl(String... args) {
        return plane.kubectl(args);
    }

    @Override
    public Path helm() {
        return plane.helm();
    }

    @Override
    public Optional<Path> auditLog() {
        return plane.auditLog();
    }

    @Override
    public List<Path> logFiles() {
        List<Path> logs = new ArrayList<>(plane.logFiles().stream()
                .filter(p -> !p.getFileName().toString().startsWith("kwok")).toList());
        logs.addAll(node.logFiles());
        return logs;
    }

    /** The node first (its clean-up deletes pods through the API server), then the control plane. */
    @Override
    public synchronized void close() {
        log.info("Stopping {}", description());
        node.close();
        plane.close();
    }
}
