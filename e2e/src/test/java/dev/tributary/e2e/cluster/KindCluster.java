package dev.tributary.e2e.cluster;

import com.dajudge.kindcontainer.KindContainer;
import com.dajudge.kindcontainer.KindContainerVersion;
import com.dajudge.kindcontainer.KubernetesImageSpec;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    /** System property naming the Kind node image to start instead of Kind's own ({@code kindest/node}). */
    public static final String NODE_IMAGE_PROPERTY = "tributary.e2e.kindNodeImage";
    private static final String PLACEHOLDER_IMAGE = "registry.example/web:1.0";

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
        KindContainer<?> container = new KindContainer<>(nodeImage());
        // Published ports on loopback only: the API server must not be reachable from outside the machine.
        container.withCreateContainerCmdModifier(KindCluster::publishOnLoopback);
        container.start();
        standInForPlaceholderImage(container);
        KindCluster cluster = new KindCluster(toolchain, workDir, container);
        System.out.printf("[e2e] Kind cluster ready in %d ms%n",
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
        return cluster;
    }

    /**
     * Kind's own node image, or the one named by {@value #NODE_IMAGE_PROPERTY} (e2e/provision/kind-node.sh builds one
     * here, with no registry, for podman).
     */
    private static KubernetesImageSpec<KindContainerVersion> nodeImage() {
        KubernetesImageSpec<KindContainerVersion> spec = KindContainerVersion.VERSION_1_34_0.toImageSpec();
        String image = System.getProperty(NODE_IMAGE_PROPERTY, "").trim();
        // Maven passes an unset property through literally.
        return image.isEmpty() || image.startsWith("${") ? spec : spec.withImage(image);
    }

    private static void publishOnLoopback(CreateContainerCmd cmd) {
        HostConfig host = cmd.getHostConfig();
        if (host == null || host.getPortBindings() == null) {
            return;
        }
        Ports loopback = new Ports();
        host.getPortBindings().getBindings().forEach((port, bindings) -> {
            for (Ports.Binding binding : bindings == null ? new Ports.Binding[0] : bindings) {
                loopback.bind(port, new Ports.Binding("127.0.0.1", binding.getHostPortSpec()));
            }
        });
        host.withPortBindings(loopback);
    }

    /**
     * The suites' placeholder image ({@value #PLACEHOLDER_IMAGE}, which no registry serves) becomes a name of the
     * node's pause image, so that Deployments of it run, as on the kwok node, instead of failing to pull.
     */
    private static void standInForPlaceholderImage(KindContainer<?> container) {
        try {
            var images = container.execInContainer("ctr", "-n", "k8s.io", "images", "ls", "-q");
            String pause = images.getStdout().lines().filter(i -> i.contains("/pause:")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no pause image in the Kind node: " + images));
            var tag = container.execInContainer("ctr", "-n", "k8s.io", "images", "tag", "--force", pause,
                    PLACEHOLDER_IMAGE);
            if (tag.getExitCode() != 0) {
                throw new IllegalStateException("ctr images tag failed: " + tag.getStderr());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
