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

    /**
     * {@code kubectl apply -f} of these YAML documents, as a user applies a file; into {@code namespace} unless it
     * is null (then the documents say where). Fails with kubectl's output when kubectl does.
     */
    default CommandResult apply(String namespace, String yaml) {
        try {
            Path file = java.nio.file.Files.createTempFile(Clusters.workDir(), "apply-", ".yaml");
            java.nio.file.Files.writeString(file, yaml);
            CommandResult result = namespace == null ? kubectl("apply", "-f", file.toString())
                    : kubectl("apply", "-n", namespace, "-f", file.toString());
            if (!result.succeeded()) {
                throw new AssertionError(result.describe());
            }
            return result;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Installs the committed CRDs ({@code kubectl apply -f crds/}) and waits until the API server serves them. */
    default void installCrds() {
        CommandResult crds = kubectl("apply", "-f", System.getProperty("tributary.crds.dir"));
        if (!crds.succeeded()) {
            throw new AssertionError(crds.describe());
        }
        CommandResult established = kubectl("wait", "--for=condition=Established", "--timeout=60s",
                "crd/sources.tributary.dev", "crd/sinks.tributary.dev", "crd/pipelines.tributary.dev",
                "crd/dashboards.tributary.dev");
        if (!established.succeeded()) {
            throw new AssertionError(established.describe());
        }
    }

    /** The helm 3 binary from the toolchain; pass {@code --kubeconfig kubeconfig()} to it. */
    Path helm();

    /** The API server's audit log of writes (user agent, verb, object, time), where this cluster keeps one. */
    default java.util.Optional<Path> auditLog() {
        return java.util.Optional.empty();
    }

    /** Log files of the cluster's components, whose tails are printed when a test fails. */
    List<Path> logFiles();

    /** Stops everything this cluster started. */
    @Override
    void close();
}
