package dev.tributary.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A main class in a child JVM on this JVM's class path, its output in a log file. It never outlives this JVM: it is
 * killed at exit, and when this JVM is killed itself the child sees its standard input close and halts
 * ({@link ExitWithParent}).
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final long logStart;

    private ChildJvm(Process process, Path log, long logStart) {
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    /**
     * Starts {@code mainClass} with {@code args} in a JVM with {@code jvmArgs}, working in {@code workDir}, its
     * output (both streams) appended to {@code log}.
     */
    public static ChildJvm start(String mainClass, List<String> jvmArgs, List<String> args, Path workDir, Path log) {
        return start(mainClass, jvmArgs, args, Map.of(), workDir, log);
    }

    /** As {@link #start(String, List, List, Path, Path)}, with {@code env} added to this JVM's environment. */
    public static ChildJvm start(String mainClass, List<String> jvmArgs, List<String> args, Map<String, String> env,
            Path workDir, Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(withParent(mainClass, args));
        return run(command, env, workDir, log);
    }

    /**
     * Runs a command that starts a JVM in its place (a launcher script ending in {@code exec java}), with the
     * launched main class and its arguments from {@link #withParent}, so that JVM too ends with this one.
     */
    public static ChildJvm run(List<String> command, Map<String, String> env, Path workDir, Path log) {
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(log.toAbsolutePath().getParent());
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            ChildJvm child = new ChildJvm(builder.start(), log, logStart);
            Runtime.getRuntime().addShutdownHook(new Thread(child::kill, "stop-" + command.get(0)));
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** The main class and arguments that run {@code mainClass} but halt once this JVM is gone. */
    public static List<String> withParent(String mainClass, List<String> args) {
        List<String> all = new ArrayList<>(List.of(ExitWithParent.class.getName(), mainClass));
        all.addAll(args);
        return all;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Waits until this child's output (not an earlier run's in the same log) contains {@code marker}; fails, naming
     * the child as {@code name} and its log, when it exits first or {@code timeout} passes.
     */
    public void awaitOutput(String name, String marker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(marker)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " before it was ready; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
    }

    /** What this child printed so far. */
    public String output() {
        try (SeekableByteChannel in = Files.newByteChannel(log)) {
            in.position(logStart);
            return new String(Channels.newInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The exit code once the JVM ended within {@code timeout}, else empty. */
    public OptionalInt awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue())
                    : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** SIGKILL: no shutdown hook, no cleanup, like a node that dies. Waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        kill();
    }
}
