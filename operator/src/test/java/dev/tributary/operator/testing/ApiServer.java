package dev.tributary.operator.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.Utils;
import io.fabric8.kubeapitest.binary.OSInfo;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * A real kube-apiserver and etcd on 127.0.0.1 (fabric8 kube-api-test, offline), from the binaries
 * {@code e2e/provision/provision.sh} put into {@code ~/.cache/tributary}; with Tributary's CRDs installed. No
 * controller manager: a Deployment's status is what a test writes.
 */
public final class ApiServer implements AutoCloseable {

    private final KubeAPIServer server;
    private final KubernetesClient client;

    private ApiServer(KubeAPIServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    private static ApiServer shared;

    /**
     * One API server for every test class of the JVM that asks for it (starting one takes minutes on a loaded
     * machine); each class works in namespaces of its own. Stopped at JVM exit.
     */
    public static synchronized ApiServer shared() {
        if (shared == null) {
            shared = start(Path.of("target", "api-server"));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public static ApiServer start(Path workDir) {
        Properties toolchain = toolchain();
        String version = toolchain.getProperty("k8s.version");
        Path testDir = workDir.resolve("kubeapitest");
        Path bin = testDir.resolve("k8s").resolve(version + Utils.platformSuffix(new OSInfo()));
        try {
            Files.createDirectories(bin);
            loopbackOnly(bin.resolve("etcd"), Path.of(toolchain.getProperty("etcd")));
            loopbackOnly(bin.resolve("kube-apiserver"), Path.of(toolchain.getProperty("kube-apiserver")));
            Path kubectl = bin.resolve("kubectl"); // kube-api-test insists on one; the scenarios do not run it
            Files.deleteIfExists(kubectl);
            Files.createSymbolicLink(kubectl, Path.of(toolchain.getProperty("kubectl")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + bin, e);
        }
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(testDir.toString()).withApiServerVersion(version).withOfflineMode(true)
                .withUpdateKubeConfig(false).withWaitForEtcdHealthCheckOnStartup(true).withStartupTimeout(120_000)
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .withApiServerFlag("--advertise-address", "127.0.0.1")
                .withApiServerFlag("--profiling=false")
                .build());
        server.start();
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
        ApiServer started = new ApiServer(server, client);
        started.installCrds();
        return started;
    }

    public KubernetesClient client() {
        return client;
    }

    private void installCrds() {
        try (var files = Files.list(Path.of("..", "crds"))) {
            for (Path crd : files.filter(f -> f.toString().endsWith("-v1.yml")).sorted().toList()) {
                try (var in = Files.newInputStream(crd)) {
                    client.load(in).serverSideApply();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the CRDs under ../crds", e);
        }
        client.apiextensions().v1().customResourceDefinitions().list().getItems().forEach(crd -> client
                .apiextensions().v1().customResourceDefinitions().resource(crd)
                .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
                        .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                        60, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Override
    public void close() {
        client.close();
        server.stop();
    }

    /** Runs {@code binary} with any 0.0.0.0 address in its flags narrowed to 127.0.0.1. */
    private static void loopbackOnly(Path script, Path binary) throws IOException {
        Files.writeString(script, "#!/usr/bin/env bash\nargs=()\n"
                + "for a in \"$@\"; do args+=(\"${a//0.0.0.0:/127.0.0.1:}\"); done\n"
                + "exec '" + binary + "' \"${args[@]}\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Properties toolchain() {
        String cache = System.getenv("TRIBUTARY_CACHE");
        Path file = (cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache", "tributary")
                : Path.of(cache)).resolve("toolchain.properties");
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("No toolchain at " + file + ": run `bash e2e/provision/provision.sh`", e);
        }
        return p;
    }
}
