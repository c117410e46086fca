package dev.tributary.e2e.cluster;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one cluster of this JVM, started on first use and stopped at JVM exit. The provider is chosen by
 * the system property {@code tributary.e2e.cluster}: {@code auto} (default) takes Kind where a Docker
 * engine answers and the local control plane otherwise; {@code local} or {@code kind} force one.
 */
public final class Clusters {

    private static final Logger log = LoggerFactory.getLogger(Clusters.class);
    public static final String PROVIDER_PROPERTY = "tributary.e2e.cluster";

    private static TestCluster shared;
    private static RuntimeException failure;

    private Clusters() {
    }

    /** The shared cluster; a start-up failure is remembered so that later tests fail fast with it. */
    public static synchronized TestCluster shared() {
        if (shared != null) {
            return shared;
        }
        if (failure != null) {
            throw new IllegalStateException("The test cluster failed to start earlier in this JVM", failure);
        }
        try {
            shared = start();
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
        TestCluster cluster = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping {}", cluster.description());
            cluster.close();
        }, "stop-test-cluster"));
        return shared;
    }

    /** The shared cluster if it was started, for failure reports that must not start one. */
    public static synchronized TestCluster startedOrNull() {
        return shared;
    }

    public static Path workDir() {
        String dir = System.getProperty("tributary.e2e.workDir");
        return Path.of(dir != null && !dir.isBlank() ? dir : "target").toAbsolutePath();
    }

    private static TestCluster start() {
        String provider = System.getProperty(PROVIDER_PROPERTY, "auto").trim();
        Toolchain toolchain = Toolchain.load();
        switch (provider) {
            case "local" -> {
                log.info("{}=local: using the local control plane", PROVIDER_PROPERTY);
                return LocalControlPlane.start(toolchain, workDir());
            }
            case "kind" -> {
                if (!KindCluster.dockerReachable()) {
                    throw new IllegalStateException(PROVIDER_PROPERTY
                            + "=kind, but no Docker engine is reachable (DOCKER_HOST, /var/run/docker.sock): start"
                            + " Docker, or podman's API with a node image built by e2e/provision/kind-node.sh (see"
                            + " e2e/README.md, \"Kind through podman\"), or use auto/local");
                }
                return KindCluster.start(toolchain, workDir());
            }
            case "auto", "" -> {
                if (KindCluster.dockerReachable()) {
                    log.info("Docker engine reachable: using a Kind cluster through Testcontainers");
                    return KindCluster.start(toolchain, workDir());
                }
                log.info("no Docker engine reachable: using the local control plane");
                return LocalControlPlane.start(toolchain, workDir());
            }
            default -> throw new IllegalArgumentException(
                    PROVIDER_PROPERTY + " must be auto, local or kind, not '" + provider + "'");
        }
    }
}
