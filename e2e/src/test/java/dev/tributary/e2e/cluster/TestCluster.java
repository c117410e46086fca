package dev.tributary.e2e.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;

/**
 * A Kubernetes cluster the end-to-end suites run against. Tests talk to it the two ways users and the
 * operator do: the real {@code kubectl} binary and a Fabric8 client.
 */
public interface TestCluster extends AutoCloseable {

    /** Which provider this is and where it runs, for logs. */
    String description();

    /** A kubeconfig file whose current context is this cluster, with admin rights. */
    Path kubeconfig();

    /** A client for this cluster, shared by the tests; do not close it. */
    KubernetesClient client();

    /** Runs {@code kubectl --kubeconfig <this cluster> args...} and waits for it (at most two minutes). */
    CommandResult kubectl(String... args);

    /** The helm 3 binary from the toolchain; pass {@code --kubeconfig kubeconfig()} to it. */
    Path helm();

    /** Log files of the cluster's components, whose tails are printed when a test fails. */
    List<Path> logFiles();

    /** Stops everything this cluster started. */
    @Override
    void close();
}
