package dev.tributary.e2e.cluster;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDRBuilder;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.Utils;
import io.fabric8.kubeapitest.binary.OSInfo;
import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import dev.tributary.local.ChildProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes control plane made of local processes, all on 127.0.0.1: etcd and kube-apiserver
 * through Fabric8 kube-api-test, then kube-controller-manager, kube-scheduler and kwok, plus one
 * simulated node on which pods get scheduled and become Ready. Logs go to
 * {@code target/control-plane/<component>.log}.
 */
public final class LocalControlPlane implements TestCluster {

    private static final Logger log = LoggerFactory.getLogger(LocalControlPlane.class);

    public static final String NODE_NAME = "kwok-node-0";
    private static final Duration COMPONENT_READY_TIMEOUT = Duration.ofMinutes(2);
    /** kube-api-test waits this long even when kube-apiserver exits at once (for example on a bad flag). */
    private static final Duration API_SERVER_READY_TIMEOUT = Duration.ofSeconds(180); // 60 s failed at load average 60

    private final Toolchain toolchain;
    private final Path dir;
    private final Path pidFile;
    private final ComponentProcesses components;
    private final Map<String, Duration> startTimes = new LinkedHashMap<>();
    private ChildProcess watchdog;
    private KubeAPIServer apiServer;
    private Path kubeconfig;
    private KubernetesClient client;
    private Kubectl kubectl;
    private Duration startTime;

    /** Extra kube-apiserver flags, and whether kwok runs a simulated node (not beside a real one). */
    private final Map<String, String> extraApiServerFlags;
    private final boolean kwokNode;

    private LocalControlPlane(Toolchain toolchain, Path workDir) {
        this(toolchain, workDir, Map.of(), true);
    }

    private LocalControlPlane(Toolchain toolchain, Path workDir, Map<String, String> extraApiServerFlags,
            boolean kwokNode) {
        this.toolchain = toolchain;
        this.dir = workDir.resolve("control-plane");
        this.pidFile = dir.resolve("pids");
        this.components = new ComponentProcesses(pidFile);
        this.extraApiServerFlags = extraApiServerFlags;
        this.kwokNode = kwokNode;
    }

    /** A control plane for {@link RealNodeCluster}: no kwok node, and these API server flags besides the usual. */
    static LocalControlPlane startForRealNode(Toolchain toolchain, Path workDir, Map<String, String> apiServerFlags) {
        LocalControlPlane plane = new LocalControlPlane(toolchain, workDir, apiServerFlags, false);
        try {
            plane.startAll();
            return plane;
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
    }

    /** Starts every component and returns once the node is Ready; stops what it started when that fails. */
    public static LocalControlPlane start(Toolchain toolchain, Path workDir) {
        LocalControlPlane plane = new LocalControlPlane(toolchain, workDir);
        try {
            plane.startAll();
            return plane;
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
    }

    private void startAll() {
        long t0 = System.nanoTime();
        prepareDirectory();
        startWatchdog();
        Path testDir = dir.resolve("kubeapitest");
        installBinaries(testDir);
        Path auditPolicy = copyResource("cluster/audit-policy.yaml", dir.resolve("audit-policy.yaml"));

        long t = System.nanoTime();
        KubeAPIServerConfigBuilder config = KubeAPIServerConfigBuilder.anAPIServerConfig();
        extraApiServerFlags.forEach(config::withApiServerFlag);
        apiServer = new KubeAPIServer(config
                .withTestDir(testDir.toString())
                .withApiServerVersion(toolchain.kubernetesVersion())
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withWaitForEtcdHealthCheckOnStartup(true)
                .withStartupTimeout((int) API_SERVER_READY_TIMEOUT.toMillis())
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .withApiServerFlag("--advertise-address", "127.0.0.1")
                .withApiServerFlag("--profiling=false")
                // kwok's informers ask for watch-list streams, which the watch cache serves only when etcd
                // has progress notifications (3.4.31+, 3.5.13+). Older etcd (Debian's 3.4.23) makes those
                // watches fail and kwok back off for up to a minute; pods and nodes served straight from
                // etcd stream fine.
                .withApiServerFlag("--watch-cache-sizes=pods#0,nodes#0")
                .withApiServerFlag("--audit-policy-file", auditPolicy.toString())
                .withApiServerFlag("--audit-log-path", auditLog().orElseThrow().toString())
                .withApiServerFlag("--audit-log-format", "json")
                .withApiServerFlag("--audit-log-maxsize", "200")
                .build());
        try {
            apiServer.start();
        } finally {
            recordChildPids();
        }
        startTimes.put("etcd + kube-apiserver", since(t));

        ClusterAccess access = ClusterAccess.write(dir, apiServer.getKubeConfigYaml(), toolchain.kubectl());
        kubeconfig = access.kubeconfig();
        client = access.client();
        kubectl = access.kubectl();

        String certs = testDir.toAbsolutePath().toString();
        t = System.nanoTime();
        int kcmPort = freePort();
        ChildProcess kcm = launch("kube-controller-manager", List.of(
                toolchain.kubeControllerManager().toString(),
                "--kubeconfig=" + kubeconfig,
                "--authentication-kubeconfig=" + kubeconfig,
                "--authorization-kubeconfig=" + kubeconfig,
                "--bind-address=127.0.0.1",
                "--secure-port=" + kcmPort,
                "--cert-dir=" + dir.resolve("kube-controller-manager-certs"),
                "--leader-elect=false",
                "--use-service-account-credentials=false",
                "--service-account-private-key-file=" + Path.of(certs, CertManager.API_SERVER_KEY_NAME),
                "--root-ca-file=" + Path.of(certs, CertManager.API_SERVER_CERT_NAME),
                "--cluster-name=tributary-e2e",
                // The default 20 requests/s makes pods wait behind the service accounts and CA ConfigMaps
                // the controllers write for each of the conformance suite's hundreds of namespaces.
                "--kube-api-qps=500",
                "--kube-api-burst=1000",
                "--profiling=false"));
        int schedulerPort = freePort();
        ChildProcess scheduler = launch("kube-scheduler", List.of(
                toolchain.kubeScheduler().toString(),
                "--kubeconfig=" + kubeconfig,
                "--authentication-kubeconfig=" + kubeconfig,
                "--authorization-kubeconfig=" + kubeconfig,
                "--bind-address=127.0.0.1",
                "--secure-port=" + schedulerPort,
                "--cert-dir=" + dir.resolve("kube-scheduler-certs"),
                "--leader-elect=false",
                "--kube-api-qps=500",
                "--kube-api-burst=1000",
                "--profiling=false"));
        awaitHealthy(kcm, kcmPort);
        awaitHealthy(scheduler, schedulerPort);
        startTimes.put("controller-manager + scheduler", since(t));

        t = System.nanoTime();
        if (kwokNode) {
            startKwokNode();
        }
        startTimes.put("kwok + node Ready", since(t));
        finishStart(t0);
    }

    private void startKwokNode() {
        client.nodes().resource(node()).create();
        // kube-api-test fixes --service-cluster-ip-range at 10.0.0.0/24, 254 Services; bench B5's 1,000 Pipelines
        // make 2,000 (the apiserver answered "range is full"). A second range (ServiceCIDR, GA since 1.33) adds room.
        client.resource(new ServiceCIDRBuilder().withNewMetadata().withName("tributary-e2e-wide").endMetadata()
                .withNewSpec().withCidrs("10.96.0.0/16").endSpec().build()).create();
        int kwokPort = freePort();
        ChildProcess kwok = launch("kwok", List.of(
                toolchain.kwok().toString(),
                "--kubeconfig=" + kubeconfig,
                "--config=" + copyResource("cluster/kwok-stages.yaml", dir.resolve("kwok-stages.yaml")),
                "--manage-all-nodes=true",
                "--node-ip=127.0.0.1",
                "--server-address=127.0.0.1:" + kwokPort));
        awaitNodeReady(kwok);
    }

    private void finishStart(long t0) {
        startTime = since(t0);
        String breakdown = startTimes.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().toMillis() + " ms")
                .collect(Collectors.joining(", "));
        System.out.printf("[e2e] local control plane (Kubernetes %s) ready in %d ms (%s); logs in %s%n",
                toolchain.kubernetesVersion(), startTime.toMillis(), breakdown, dir);
    }

    /** Wall-clock time from the call to {@link #start} until the node was Ready. */
    public Duration startTime() {
        return startTime;
    }

    @Override
    public String description() {
        return "local control plane (Kubernetes " + toolchain.kubernetesVersion() + ", kwok node " + NODE_NAME
                + ") at " + (client == null ? "?" : client.getConfiguration().getMasterUrl());
    }

    /** One JSON event per write (policy: {@code cluster/audit-policy.yaml}), deleted when the plane starts. */
    @Override
    public Optional<Path> auditLog() {
        return Optional.of(dir.resolve("kube-apiserver-audit.log"));
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
        return Stream.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok")
                .map(c -> dir.resolve(c + ".log"))
                .toList();
    }

    @Override
    public synchronized void close() {
        components.stopAll(Duration.ofSeconds(5));
        if (client != null) {
            client.close();
            client = null;
        }
        if (apiServer != null) {
            try {
                apiServer.stop();
            } catch (RuntimeException e) {
                log.warn("Stopping etcd and kube-apiserver: {}", e.toString());
            }
            apiServer = null;
        }
        components.deletePidFile();
        if (watchdog != null) {
            watchdog.kill();
            watchdog = null;
        }
    }

    // --- start-up steps ---------------------------------------------------------------------------

    private void prepareDirectory() {
        try {
            Files.createDirectories(dir);
            components.stopLeftoversOfAnEarlierRun();
            try (Stream<Path> logs = Files.list(dir)) {
                for (Path p : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JVM killed with SIGKILL (or by failsafe's fork timeout) runs no shutdown hook. This small script
     * outlives it: once the JVM is gone it stops every process listed in the pid file that still runs
     * the recorded binary, so the control plane never outlives its tests by more than a few seconds.
     */
    private void startWatchdog() {
        String script = """
                jvm="$1"; pids="$2"
                while kill -0 "$jvm" 2>/dev/null; do sleep 1; done
                [ -f "$pids" ] || exit 0
                echo "JVM $jvm is gone: stopping what it left running"
                stop() {
                  while read -r pid cmd; do
                    if [ "$(readlink -f /proc/$pid/exe 2>/dev/null)" = "$cmd" ]; then kill "-$1" "$pid"; echo "kill -$1 $pid ($cmd)"; fi
                  done < "$pids"
                }
                stop TERM; sleep 3; stop KILL; rm -f "$pids"
                """;
        watchdog = ChildProcess.command("control-plane watchdog", List.of("bash", "-c", script,
                "control-plane-watchdog", Long.toString(ProcessHandle.current().pid()), pidFile.toString()))
                .appendTo(dir.resolve("watchdog.log")).noInput().ownerStopsAtExit().start();
    }

    /**
     * kube-api-test expects {@code <dir>/k8s/<version>-<os>-<arch>/{etcd,kube-apiserver,kubectl}}. The first
     * two are small wrappers around the provisioned binaries: they keep etcd on 127.0.0.1 (kube-api-test
     * asks for 0.0.0.0) and send each component's output to its own log file.
     */
    private void installBinaries(Path testDir) {
        Path bin = testDir.resolve("k8s").resolve(toolchain.kubernetesVersion() + Utils.platformSuffix(new OSInfo()));
        try {
            Files.createDirectories(bin);
            wrapper(bin.resolve("etcd"), toolchain.etcd(), dir.resolve("etcd.log"));
            wrapper(bin.resolve("kube-apiserver"), toolchain.kubeApiServer(), dir.resolve("kube-apiserver.log"));
            Path kubectlLink = bin.resolve("kubectl");
            Files.deleteIfExists(kubectlLink);
            Files.createSymbolicLink(kubectlLink, toolchain.kubectl());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + bin, e);
        }
    }

    private static void wrapper(Path script, Path binary, Path logFile) throws IOException {
        String text = "#!/usr/bin/env bash\n"
                + "# Written by the Tributary e2e harness (LocalControlPlane): loopback only, output to the log.\n"
                + "args=()\n"
                + "for a in \"$@\"; do args+=(\"${a//http:\\/\\/0.0.0.0:/http:\\/\\/127.0.0.1:}\"); done\n"
                + "echo \"\\$ " + binary + " ${args[*]}\" >>'" + logFile + "'\n"
                + "exec '" + binary + "' \"${args[@]}\" >>'" + logFile + "' 2>&1\n";
        Files.writeString(script, text);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private ChildProcess launch(String name, List<String> command) {
        return components.launch(name, command, dir.resolve(name + ".log"));
    }

    /** etcd and kube-apiserver are kube-api-test's children; note their ids for a later run's clean-up. */
    private void recordChildPids() {
        String etcd = ComponentProcesses.realPath(toolchain.etcd());
        String apiServer = ComponentProcesses.realPath(toolchain.kubeApiServer());
        ProcessHandle.current().children().forEach(child -> child.info().command().ifPresent(cmd -> {
            if (cmd.equals(etcd) || cmd.equals(apiServer)) {
                components.record(child.pid(), cmd);
            }
        }));
    }

    private static Node node() {
        // Room for every suite's pods at once: the suites share one node, and at the end of a full run the chart's
        // operator pods once stayed Pending on a node the earlier suites' Pipelines had filled. Bench B5 runs 1,000
        // Pipelines with 2 TaskManagers of 1 CPU each under the operator, and as many under its naive controller.
        Map<String, Quantity> resources = Map.of(
                "cpu", new Quantity("20000"),
                "memory", new Quantity("64Ti"),
                "pods", new Quantity("20000"),
                "ephemeral-storage", new Quantity("500Gi"));
        return new NodeBuilder()
                .withNewMetadata()
                    .withName(NODE_NAME)
                    .addToLabels("type", "kwok")
                    .addToLabels("kubernetes.io/hostname", NODE_NAME)
                    .addToLabels("kubernetes.io/os", "linux")
                    .addToLabels("kubernetes.io/arch", "amd64")
                    .addToLabels("node-role.kubernetes.io/agent", "")
                    .addToAnnotations("kwok.x-k8s.io/node", "fake")
                    .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
                .endMetadata()
                .withNewStatus()
                    .withAllocatable(resources)
                    .withCapacity(resources)
                .endStatus()
                .build();
    }

    private void awaitNodeReady(ChildProcess kwok) {
        kwok.awaitTrue(() -> "node " + NODE_NAME + " Ready", COMPONENT_READY_TIMEOUT, 100, () -> {
            Node node = client.nodes().withName(NODE_NAME).get();
            return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
                    && node.getStatus().getConditions().stream()
                            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        });
    }

    private static void awaitHealthy(ChildProcess process, int port) {
        HttpClient http = insecureHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/healthz"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        String[] last = {"no answer"};
        process.awaitTrue(() -> process.name() + " healthy on port " + port + " (last answer: " + last[0] + ")",
                COMPONENT_READY_TIMEOUT, 100, () -> {
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        last[0] = response.statusCode() + " " + response.body();
                        return response.statusCode() == 200;
                    } catch (IOException e) {
                        last[0] = e.toString();
                        return false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
    }

    /** The components serve /healthz with self-signed certificates on loopback. */
    private static HttpClient insecureHttpClient() {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
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

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path copyResource(String name, Path target) {
        try (var in = LocalControlPlane.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("No " + name + " on the test class path");
            }
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
