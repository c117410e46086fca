package dev.tributary.e2e.cluster;

import com.dajudge.kindcontainer.KindContainer;
import com.dajudge.kindcontainer.KindContainerVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.testcontainers.DockerClientFactory;

/**
 * A Kind cluster in Docker through Testcontainers (Kindcontainer): real kubelet, real pods. Used only
 * where a Docker engine answers; the build machines have none, so there the local control plane runs.
 */
public final class KindCluster implements TestCluster {

    private final Toolchain toolchain;
    private final Path dir;
    private final KindContainer<?> container;
    private final Path kubeconfig;
    private final KubernetesClient client;
    private final Kubectl kubectl;

    private KindCluster(Toolchain toolchain, Path workDir, KindContainer<?> container) {
        this.toolchain = toolchain;
        this.dir = workDir.resolve("kind");
        this.container = container;
        ClusterAccess access = ClusterAccess.write(dir, container.getKubeconfig(), toolchain.kubectl());
        this.kubeconfig = access.kubeconfig();
        this.client = access.client();
        this.kubectl = access.kubectl();
        container.followOutput(frame -> appendLog(frame.getUtf8String()));
    }

    /** Whether Testcontainers finds a Docker engine; cheap when there is no socket or DOCKER_HOST at all. */
    static boolean dockerReachable() {
        boolean hint = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
        if (!hint) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static KindCluster start(Toolchain toolchain, Path workDir) {
        long t0 = System.nanoTime();
        KindContainer<?> container = new KindContainer<>(KindContainerVersion.VERSION_1_34_0);
        container.start();
        KindCluster cluster = new KindCluster(toolchain, workDir, container);
        System.out.printf("[e2e] Kind cluster ready in %d ms%n",
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
        return cluster;
    }

    private void appendLog(String text) {
        try {
            Files.writeString(dir.resolve("kind.log"), text, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a lost log line must not fail a test
        }
    }

    @Override
    public String description() {
        return "Kind cluster in Docker (" + container.getContainerName() + ")";
    }

    @Override
    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public CommandResult kubectl(String... args) {
        return kubectl.run(args);
    }

    @Override
    public Path helm() {
        return toolchain.helm();
    }

    @Override
    public List<Path> logFiles() {
        return List.of(dir.resolve("kind.log"));
    }

    @Override
    public void close() {
        client.close();
        container.stop();
    }
}
