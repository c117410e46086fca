package dev.tributary.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.local.ChildProcess;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes node on this machine next to a local control plane: containerd (runc) with a CNI bridge, kubelet,
 * kube-proxy in iptables mode and CoreDNS, each a process of this JVM with its log in {@code target/real-node}.
 * Pods get addresses on the bridge {@value RealNodeLayout#BRIDGE} ({@value RealNodeLayout#POD_CIDR}); the node's
 * address, cluster DNS and anything the test wants pods to reach listen on its gateway {@value
 * RealNodeLayout#GATEWAY}. One node per machine: a lock file keeps a second JVM waiting. {@link #close} undoes
 * everything but containerd's image store.
 */
final class RealNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RealNode.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(15);
    static final String PAUSE_IMAGE = "localhost/tributary/pause:catatonit";

    private final RealNodeLayout layout;
    private final RealNodeBinaries binaries;
    private final Path kubeconfig;
    private final KubernetesClient client;
    private final ComponentProcesses components;
    private final Map<String, Duration> startTimes = new LinkedHashMap<>();
    private FileChannel lockChannel;
    private FileLock lock;

    private RealNode(RealNodeLayout layout, RealNodeBinaries binaries, Path kubeconfig, KubernetesClient client) {
        this.layout = layout;
        this.components = new ComponentProcesses(layout.pidFile());
        this.binaries = binaries;
        this.kubeconfig = kubeconfig;
        this.client = client;
    }

    /** Starts the node against the control plane of {@code kubeconfig} and returns once it is Ready. */
    static RealNode start(RealNodeLayout layout, RealNodeBinaries binaries, Path kubeconfig, KubernetesClient client,
            List<String> images) {
        RealNode node = new RealNode(layout, binaries, kubeconfig, client);
        try {
            node.startAll(images);
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private void startAll(List<String> images) {
        long t = System.nanoTime();
        acquireLock();
        startTimes.put("lock", since(t));
        t = System.nanoTime();
        cleanUpHost();
        prepare();
        startTimes.put("clean-up + bridge", since(t));

        t = System.nanoTime();
        ChildProcess containerd = launch("containerd", List.of("/usr/bin/containerd", "--config",
                write(layout.work().resolve("containerd.toml"), RealNodeConfig.containerd(layout, PAUSE_IMAGE))
                        .toString()));
        awaitTrue("containerd answers on " + layout.containerdSocket(), containerd,
                () -> ctr("version").succeeded());
        removeAllContainers();
        startTimes.put("containerd", since(t));

        t = System.nanoTime();
        List<String> all = new ArrayList<>(List.of(PAUSE_IMAGE));
        all.addAll(images);
        all.forEach(this::importImage);
        startTimes.put("images", since(t));

        t = System.nanoTime();
        int kubeletHealthz = freePort();
        ChildProcess kubelet = launch("kubelet", List.of(binaries.kubelet().toString(),
                "--config=" + write(layout.work().resolve("kubelet.yaml"),
                        RealNodeConfig.kubelet(layout, kubeletHealthz)),
                "--kubeconfig=" + kubeconfig,
                "--root-dir=" + layout.kubeletRoot(),
                "--cert-dir=" + layout.kubeletRoot().resolve("pki"),
                "--hostname-override=" + RealNodeLayout.NODE_NAME,
                "--node-ip=" + RealNodeLayout.GATEWAY,
                "--v=1"));
        awaitTrue("node " + RealNodeLayout.NODE_NAME + " Ready", kubelet, this::nodeReady);
        startTimes.put("kubelet + node Ready", since(t));

        t = System.nanoTime();
        int proxyHealthz = freePort();
        ChildProcess proxy = launch("kube-proxy", List.of(binaries.kubeProxy().toString(),
                "--config=" + write(layout.work().resolve("kube-proxy.yaml"),
                        RealNodeConfig.kubeProxy(layout, kubeconfig, proxyHealthz, freePort()))));
        awaitTrue("kube-proxy healthy", proxy, () -> httpOk("http://127.0.0.1:" + proxyHealthz + "/healthz"));
        int dnsHealth = freePort();
        ChildProcess dns = launch("coredns", List.of(binaries.coredns().toString(), "-conf",
                write(layout.work().resolve("Corefile"), RealNodeConfig.corefile(kubeconfig, dnsHealth)).toString()));
        awaitTrue("CoreDNS healthy", dns, () -> httpOk("http://127.0.0.1:" + dnsHealth + "/health"));
        startTimes.put("kube-proxy + CoreDNS", since(t));
        System.out.printf("[e2e] real node %s ready (%s); logs in %s%n", RealNodeLayout.NODE_NAME,
                startTimes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().toMillis() + " ms")
                        .collect(Collectors.joining(", ")), layout.work());
    }

    List<Path> logFiles() {
        return Stream.of("containerd", "kubelet", "kube-proxy", "coredns").map(layout::log).toList();
    }

    /** {@code ctr -n k8s.io} against this node's containerd. */
    CommandResult ctr(String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/ctr", "--address",
                layout.containerdSocket().toString(), "--namespace", "k8s.io"));
        command.addAll(List.of(args));
        return RealNodeHost.run(command);
    }

    @Override
    public synchronized void close() {
        try {
            if (!components.isEmpty()) {
                stopPods();
            }
            components.stopAll(Duration.ofSeconds(10));
            if (lock != null) {
                cleanUpHost();
            }
        } catch (RuntimeException e) {
            log.warn("Cleaning up the real node: {}", e.toString());
        } finally {
            releaseLock();
        }
    }

    // --- start-up -------------------------------------------------------------------------------

    private void acquireLock() {
        try {
            Files.createDirectories(RealNodeLayout.lockFile().getParent());
            lockChannel = FileChannel.open(RealNodeLayout.lockFile(), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            long deadline = System.nanoTime() + LOCK_TIMEOUT.toNanos();
            boolean waited = false;
            while ((lock = lockChannel.tryLock()) == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Another JVM on this machine held " + RealNodeLayout.lockFile()
                            + " (its real node) for more than " + LOCK_TIMEOUT);
                }
                if (!waited) {
                    System.out.println("[e2e] another JVM runs the real node; waiting for "
                            + RealNodeLayout.lockFile());
                    waited = true;
                }
                TimeUnit.SECONDS.sleep(2);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock " + RealNodeLayout.lockFile(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void releaseLock() {
        try {
            if (lock != null) {
                lock.release();
                lock = null;
            }
            if (lockChannel != null) {
                lockChannel.close();
                lockChannel = null;
            }
        } catch (IOException e) {
            log.warn("Releasing {}: {}", RealNodeLayout.lockFile(), e.toString());
        }
    }

    private void prepare() {
        try {
            Files.createDirectories(layout.work());
            Files.createDirectories(layout.cniConf());
            Files.createDirectories(layout.runDir());
            Files.createDirectories(layout.kubeletRoot());
            for (String c : List.of("containerd", "kubelet", "kube-proxy", "coredns")) {
                Files.deleteIfExists(layout.log(c));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(layout.cniConf().resolve("10-tributary.conflist"), RealNodeConfig.cni(layout));
        write(layout.resolvConf(), "");
        RealNodeHost.createBridge();
        RealNodeHost.createCgroupRoot();
    }

    /** Loads a podman image into containerd unless the same image (by podman's id) was loaded before. */
    private void importImage(String image) {
        CommandResult id = RealNodeHost.check(RealNodeHost.run(List.of("podman", "image", "inspect", "--format",
                "{{.Id}}", image)));
        Path marker = layout.varDir().resolve("imported").resolve(image.replaceAll("[^A-Za-z0-9._-]", "_"));
        boolean present = ctr("images", "ls", "-q").stdout().lines().anyMatch(image::equals);
        try {
            if (present && Files.exists(marker) && Files.readString(marker).equals(id.stdout().trim())) {
                return;
            }
            Files.createDirectories(marker.getParent());
            CommandResult imported = RealNodeHost.check(Commands.run(List.of("bash", "-o", "pipefail", "-c",
                    "podman save \"$1\" | /usr/bin/ctr --address \"$2\" --namespace k8s.io images import -", "import",
                    image, layout.containerdSocket().toString()), Map.of(), null, Duration.ofMinutes(10)));
            log.info("Imported {} into the node's containerd in {} ms", image, imported.duration().toMillis());
            Files.writeString(marker, id.stdout().trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean nodeReady() {
        Node node = client.nodes().withName(RealNodeLayout.NODE_NAME).get();
        return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    // --- clean-up -------------------------------------------------------------------------------

    /** Deletes the node's pods so that kubelet stops them and releases their addresses through CNI. */
    private void stopPods() {
        try {
            client.pods().inAnyNamespace().withField("spec.nodeName", RealNodeLayout.NODE_NAME)
                    .withGracePeriod(0).delete();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !ctr("tasks", "ls", "-q").stdout().isBlank()) {
                TimeUnit.MILLISECONDS.sleep(500);
            }
        } catch (RuntimeException e) {
            log.warn("Deleting the node's pods: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Everything a node leaves on the machine, in order: leftover processes of a killed run, kube-proxy's rules,
     * containers, mounts, pod network namespaces, kubelet's chains, the cgroups, the bridge.
     */
    private void cleanUpHost() {
        components.stopLeftoversOfAnEarlierRun();
        RealNodeHost.run(List.of(binaries.kubeProxy().toString(), "--cleanup", "--v=0"));
        if (Files.exists(layout.containerdSocket()) && ctr("version").succeeded()) {
            removeAllContainers();
        }
        RealNodeHost.unmountUnder(List.of(layout.kubeletRoot(), layout.runDir()));
        RealNodeHost.removeKubeChains();
        RealNodeHost.removeCgroupRoot();
        RealNodeHost.deleteBridge();
        RealNodeHost.deleteRecursively(layout.kubeletRoot());
        RealNodeHost.deleteRecursively(layout.runDir());
    }

    /** Kills and removes every container of the k8s.io namespace, and their sandboxes' network namespaces. */
    private void removeAllContainers() {
        List<String> containers = ctr("containers", "ls", "-q").stdout().lines().filter(l -> !l.isBlank()).toList();
        List<Path> namespaces = new ArrayList<>();
        for (String container : containers) {
            networkNamespace(container).ifPresent(namespaces::add);
            ctr("tasks", "kill", "--signal", "SIGKILL", container);
        }
        if (!containers.isEmpty()) {
            sleepQuietly(500);
        }
        for (String container : containers) {
            ctr("tasks", "delete", "--force", container);
            ctr("containers", "delete", container);
        }
        namespaces.stream().distinct().forEach(RealNodeHost::removeNetworkNamespace);
    }

    private Optional<Path> networkNamespace(String container) {
        try {
            JsonNode info = JSON.readTree(ctr("containers", "info", container).stdout());
            for (JsonNode ns : info.path("Spec").path("linux").path("namespaces")) {
                if ("network".equals(ns.path("type").asText()) && !ns.path("path").asText().isEmpty()) {
                    return Optional.of(Path.of(ns.path("path").asText()));
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("No network namespace for {}: {}", container, e.toString());
        }
        return Optional.empty();
    }

    // --- helpers --------------------------------------------------------------------------------

    private ChildProcess launch(String name, List<String> command) {
        return components.launch(name, command, layout.log(name));
    }

    private static void awaitTrue(String what, ChildProcess process, java.util.function.BooleanSupplier condition) {
        process.awaitTrue(() -> what, READY_TIMEOUT, 250, condition);
    }

    private static boolean httpOk(String url) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    private static void sleepQuietly(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
