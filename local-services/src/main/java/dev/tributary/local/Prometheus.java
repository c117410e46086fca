package dev.tributary.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Prometheus from the machine's Debian package ({@code prometheus}, which also ships {@code promtool}), on
 * 127.0.0.1 and a free port, with its data under a directory the caller chooses. On a machine without it, installs
 * the package first (as root, through apt-get), and says so.
 */
public final class Prometheus implements AutoCloseable {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private final ChildProcess process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Prometheus(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Runs promtool with the arguments; returns its output, or throws with it when promtool exits non-zero. */
    public static String promtool(List<String> args) {
        ensureInstalled();
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(args);
        return execute(new ProcessBuilder(command).redirectErrorStream(true), "promtool " + String.join(" ", args));
    }

    /**
     * Starts Prometheus with {@code config} (prometheus.yml text) and waits until it is ready. Rule files the config
     * names are read relative to {@code dir}.
     */
    public static Prometheus start(Path dir, String config) {
        ensureInstalled();
        int port = FreePorts.next();
        try {
            Files.createDirectories(dir.resolve("data"));
            Path configFile = dir.resolve("prometheus.yml");
            Files.writeString(configFile, config);
            ChildProcess process = ChildProcess.command("Prometheus", List.of(PROMETHEUS.toString(),
                    "--config.file=" + configFile, "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port, "--web.enable-lifecycle"))
                    .workDir(dir).appendTo(dir.resolve("prometheus.log")).start();
            Prometheus prometheus = new Prometheus(process, port);
            prometheus.awaitReady();
            return prometheus;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Prometheus in " + dir, e);
        }
    }

    public int port() {
        return port;
    }

    /** GET {@code path} (with its query string) on the HTTP API; returns the status code and body. */
    public Response get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Prometheus on port " + port + " did not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An instant query through {@code /api/v1/query}. */
    public Response query(String expr) {
        return get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    }

    /** A status code and a body. */
    public record Response(int status, String body) {
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }

    private void awaitReady() {
        process.awaitTrue(() -> "Prometheus ready on port " + port, Duration.ofSeconds(60), 200,
                () -> get("/-/ready").status() == 200);
    }

    static synchronized void ensureInstalled() {
        if (Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL)) {
            return;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("Prometheus is not installed (no " + PROMETHEUS + " or " + PROMTOOL
                    + ") and this process is not root, so it cannot install it: run"
                    + " `sudo apt-get install -y --no-install-recommends prometheus` once");
        }
        System.out.println("[prometheus] no " + PROMETHEUS + ": installing Debian's prometheus package"
                + " (apt-get update; apt-get install -y --no-install-recommends prometheus)");
        ProcessBuilder update = new ProcessBuilder("apt-get", "update", "-q").redirectErrorStream(true);
        update.environment().put("DEBIAN_FRONTEND", "noninteractive");
        execute(update, "apt-get update");
        ProcessBuilder install = new ProcessBuilder("apt-get", "install", "-y", "-q", "--no-install-recommends",
                "prometheus").redirectErrorStream(true);
        install.environment().put("DEBIAN_FRONTEND", "noninteractive");
        execute(install, "apt-get install prometheus");
        if (!Files.isExecutable(PROMTOOL)) {
            throw new IllegalStateException("apt-get installed prometheus but no " + PROMTOOL + " appeared");
        }
    }

    private static String execute(ProcessBuilder builder, String what) {
        return LocalCommands.run(builder, what);
    }
}
