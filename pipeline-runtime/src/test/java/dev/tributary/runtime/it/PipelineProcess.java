package dev.tributary.runtime.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.local.FreePorts;
import dev.tributary.runtime.PipelineMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link PipelineMain} in its own JVM, as a pod runs it: started from a plan file, with or without a path to restore
 * from; killed the hard way (SIGKILL, no shutdown of anything) or stopped with a savepoint through Flink's REST API.
 */
public final class PipelineProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path planFile;
    private final Path logDir;
    private final List<String> extraArgs;
    private final List<String> jvmArgs;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private int restPort;
    private int metricsPort;
    private int starts;
    private Integer lastExitCode;

    public PipelineProcess(PipelinePlan plan, Path dir, List<String> extraArgs) {
        this(plan, dir, extraArgs, List.of());
    }

    public PipelineProcess(PipelinePlan plan, Path dir, List<String> extraArgs, List<String> jvmArgs) {
        try {
            Files.createDirectories(dir);
            this.planFile = dir.resolve("plan.json");
            Files.writeString(planFile, PlanCodec.toJson(plan), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.logDir = dir;
        this.extraArgs = List.copyOf(extraArgs);
        this.jvmArgs = List.copyOf(jvmArgs);
        Runtime.getRuntime().addShutdownHook(new Thread(this::kill));
    }

    /** Starts the pipeline (restoring from {@code restorePath} when not null) and waits until its job runs. */
    public synchronized void start(String restorePath, Integer parallelism) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        restPort = FreePorts.next();
        metricsPort = FreePorts.next();
        starts++;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseParallelGC"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PipelineMain.class.getName(),
                "--plan", planFile.toString(), "--rest-port", String.valueOf(restPort),
                "--metrics-port", String.valueOf(metricsPort)));
        if (restorePath != null) {
            command.addAll(List.of("--restore", restorePath));
        }
        if (parallelism != null) {
            command.addAll(List.of("--parallelism", String.valueOf(parallelism)));
        }
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logDir.resolve("pipeline-" + starts + ".log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the pipeline process", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!"RUNNING".equals(jobState())) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the pipeline process exited with " + process.exitValue() + "; see "
                        + logDir.resolve("pipeline-" + starts + ".log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pipeline's job did not run within 120s; see "
                        + logDir.resolve("pipeline-" + starts + ".log"));
            }
            sleep(200);
        }
    }

    public Path log(int start) {
        return logDir.resolve("pipeline-" + start + ".log");
    }

    /** The exit code of the process that ended after a stop-with-savepoint, or null. */
    public Integer lastExitCode() {
        return lastExitCode;
    }

    public int starts() {
        return starts;
    }

    public int metricsPort() {
        return metricsPort;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Kills the JVM with SIGKILL: no checkpoint, no cancel, no transaction abort, like a node that dies. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Stop-with-savepoint through the REST API, as the operator does for an upgrade; returns the savepoint path. */
    public String stopWithSavepoint(String targetDirectory) {
        String jobId = jobId();
        JsonNode trigger = post("/jobs/" + jobId + "/stop",
                "{\"targetDirectory\":\"" + targetDirectory + "\",\"drain\":false}");
        String triggerId = trigger.path("request-id").asText();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + triggerId);
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    throw new IllegalStateException("stop-with-savepoint failed: " + operation.path("failure-cause"));
                }
                String location = operation.path("location").asText();
                try {
                    if (process.waitFor(60, TimeUnit.SECONDS)) {
                        lastExitCode = process.exitValue();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return location;
            }
            sleep(200);
        }
        throw new IllegalStateException("stop-with-savepoint did not complete within 120s");
    }

    /** The state of the (only) job, or null while the REST API does not answer. */
    public String jobState() {
        try {
            JsonNode jobs = get("/jobs/overview").path("jobs");
            return jobs.size() == 0 ? null : jobs.get(0).path("state").asText();
        } catch (RuntimeException notYet) {
            return null;
        }
    }

    /** The parallelism of each of the running job's vertices, from the REST API. */
    public List<Integer> vertexParallelism() {
        List<Integer> parallelism = new ArrayList<>();
        get("/jobs/" + jobId()).path("vertices").forEach(v -> parallelism.add(v.path("parallelism").asInt()));
        return parallelism;
    }

    private String jobId() {
        return get("/jobs/overview").path("jobs").get(0).path("jid").asText();
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path)).GET());
    }

    private JsonNode post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("REST " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
