package dev.tributary.runtime.it;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.local.ChildJvm;
import dev.tributary.local.ChildProcess;
import dev.tributary.local.FreePorts;
import dev.tributary.runtime.PipelineMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * {@link PipelineMain} in its own JVM, as a pod runs it: started from a plan file, with or without a path to restore
 * from; killed the hard way (SIGKILL, no shutdown of anything) or stopped with a savepoint through Flink's REST API.
 */
public final class PipelineProcess implements AutoCloseable {

    private final Path planFile;
    private final Path logDir;
    private final List<String> extraArgs;
    private final List<String> jvmArgs;
    private final java.util.Map<String, String> env;
    private ChildProcess process;
    private FlinkRest rest;
    private int metricsPort;
    private int starts;
    private Integer lastExitCode;

    public PipelineProcess(PipelinePlan plan, Path dir, List<String> extraArgs) {
        this(plan, dir, extraArgs, List.of());
    }

    public PipelineProcess(PipelinePlan plan, Path dir, List<String> extraArgs, List<String> jvmArgs) {
        this(plan, dir, extraArgs, jvmArgs, java.util.Map.of());
    }

    /** @param env added to the process's environment (FLINK_PLUGINS_DIR for an object store) */
    public PipelineProcess(PipelinePlan plan, Path dir, List<String> extraArgs, List<String> jvmArgs,
            java.util.Map<String, String> env) {
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
        this.env = java.util.Map.copyOf(env);
    }

    /** Starts the pipeline (restoring from {@code restorePath} when not null) and waits until its job runs. */
    public synchronized void start(String restorePath, Integer parallelism) {
        if (isAlive()) {
            throw new IllegalStateException("already running");
        }
        int restPort = FreePorts.next();
        rest = new FlinkRest(restPort);
        metricsPort = FreePorts.next();
        starts++;
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g", "-XX:+UseParallelGC"));
        jvm.addAll(jvmArgs);
        List<String> args = new ArrayList<>(List.of("--plan", planFile.toString(),
                "--rest-port", String.valueOf(restPort), "--metrics-port", String.valueOf(metricsPort)));
        if (restorePath != null) {
            args.addAll(List.of("--restore", restorePath));
        }
        if (parallelism != null) {
            args.addAll(List.of("--parallelism", String.valueOf(parallelism)));
        }
        args.addAll(extraArgs);
        process = ChildJvm.start(PipelineMain.class.getName(), jvm, args, env, logDir, log(starts));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!"RUNNING".equals(rest.jobState())) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the pipeline process exited with "
                        + process.awaitExit(Duration.ZERO).orElse(-1) + "; see " + log(starts));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pipeline's job did not run within 120s; see " + log(starts));
            }
            FlinkRest.sleep(200);
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
            process.kill();
            process = null;
        }
    }

    /** Stop-with-savepoint through the REST API, as the operator does for an upgrade; returns the savepoint path. */
    public String stopWithSavepoint(String targetDirectory) {
        String location = rest.stopWithSavepoint(targetDirectory);
        OptionalInt exit = process.awaitExit(Duration.ofSeconds(60));
        if (exit.isPresent()) {
            lastExitCode = exit.getAsInt();
        }
        return location;
    }

    /** The state of the (only) job, or null while the REST API does not answer. */
    public String jobState() {
        return rest.jobState();
    }

    /** The parallelism of each of the running job's vertices, from the REST API. */
    public List<Integer> vertexParallelism() {
        return rest.vertexParallelism();
    }

    @Override
    public void close() {
        kill();
    }
}
