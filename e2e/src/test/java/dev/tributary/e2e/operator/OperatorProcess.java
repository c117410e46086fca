package dev.tributary.e2e.operator;

import dev.tributary.local.ChildJvm;
import dev.tributary.local.ChildProcess;
import dev.tributary.local.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The operator as it runs in a cluster: its own JVM from the built Quarkus application, a kubeconfig, and its
 * configuration in environment variables. Killed with SIGKILL when a test wants a crash, and at JVM exit.
 */
public final class OperatorProcess implements AutoCloseable {

    private static final Duration READY_LIMIT = Duration.ofSeconds(300);

    private final Path kubeconfig;
    private final Map<String, String> environment;
    private final Path log;
    private final int httpPort = FreePorts.forLaterListener(); // it listens only once its JVM started
    /** The operator image it runs in (podman, host network), or null for a JVM of the built application. */
    private final OperatorContainer container;
    private ChildProcess process;

    public OperatorProcess(Path kubeconfig, Map<String, String> environment, Path log) {
        this(kubeconfig, environment, log, null);
    }

    /** The operator as a container of {@code container}'s image instead of a JVM of the build's output. */
    public OperatorProcess(Path kubeconfig, Map<String, String> environment, Path log, OperatorContainer container) {
        this.kubeconfig = kubeconfig;
        this.environment = Map.copyOf(environment);
        this.log = log;
        this.container = container;
        if (container != null) {
            // a killed podman client leaves its container running
            Runtime.getRuntime().addShutdownHook(new Thread(container::remove, "remove-" + container.name()));
        }
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("tributary.operator.jar",
                "target/operator/quarkus-run.jar")).toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the suites through Maven (./mvnw -pl e2e -am"
                    + " verify), which unpacks the operator there");
        }
        return jar;
    }

    /**
     * Starts the operator and waits until it reports ready (its controllers started). An operator that exits while
     * starting is started again, as Kubernetes restarts its pod, up to three times (it no longer exits when its first
     * lists are slow; {@link #startOnce} is for tests that must see it not exit).
     */
    public synchronized OperatorProcess start() {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce();
            } catch (IllegalStateException e) {
                if (attempt == 3 || process == null || process.isAlive()) {
                    throw e;
                }
                System.out.println("[operator] " + e.getMessage() + "; starting it again");
            }
        }
    }

    /** Starts the operator once and waits until it reports ready; fails if it exits while starting. */
    public synchronized OperatorProcess startOnce() {
        Map<String, String> settings = new java.util.TreeMap<>(environment);
        settings.put("KUBECONFIG", kubeconfig.toString());
        settings.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        settings.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        // The topic ledger lives in the operator's namespace; unless a test names one (as the chart's Deployment
        // does), in one that exists.
        if (!environment.containsKey("TRIBUTARY_OPERATOR_NAMESPACE")) {
            settings.putIfAbsent("TRIBUTARY_TOPIC_LEDGER_NAMESPACE", "default");
        }
        ChildProcess.Launch launch = container != null ? container.run(settings, kubeconfig)
                : ChildProcess.command("the operator", List.of(ChildJvm.java(),
                        "-Xmx" + System.getProperty("tributary.operator.maxHeap", "384m"), "-XX:+UseG1GC",
                        "-XX:+UseStringDeduplication", "-jar", jar().toString())); // the collector the image sets
        process = launch.env(settings).appendTo(log).start();
        awaitReady();
        return this;
    }

    /** Kills the operator at once, as a crash or an evicted pod would. */
    public synchronized void kill() {
        if (container != null) {
            container.remove();
        }
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    /** The operator process's resident set size in MiB, from /proc (Linux). */
    synchronized long residentMiB() {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024)
                    .orElseThrow(() -> new IllegalStateException("no VmRSS for the operator"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operator JVM's process id (for jcmd), while it runs. */
    public synchronized long pid() {
        return process.pid();
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The port of its HTTP server on 127.0.0.1: health (/q/health/*) and metrics (/q/metrics). */
    public int httpPort() {
        return httpPort;
    }

    /** The HTTP status of one of the operator's endpoints, such as {@code /q/health/live}. */
    int status(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void close() {
        kill();
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        // generous: with eight builds on two cores (load 60) its JVM alone took over 120 s to start
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with " + process.awaitExit(Duration.ZERO)
                        .orElse(-1) + "; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the operator did not become ready within " + READY_LIMIT + "; see " + log);
    }
}
