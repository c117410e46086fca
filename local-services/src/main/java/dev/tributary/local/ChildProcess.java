package dev.tributary.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A process the harness starts (a service, a component, a JVM: {@link ChildJvm}), its output in a log file. The one
 * way to start, await, signal and stop a child: {@link #stop} sends SIGTERM to the whole process tree and SIGKILL to
 * what is left after the grace period, {@link #kill} sends SIGKILL to the whole tree at once, and every child still
 * running when this JVM exits is killed by one shutdown hook. (A JVM killed with SIGKILL runs no hook: a child JVM
 * then halts through {@link ExitWithParent}.)
 */
public final class ChildProcess implements AutoCloseable {

    private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ChildProcess::kill),
                "stop-child-processes"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final long logStart;

    private ChildProcess(String name, Process process, Path log, long logStart) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    /** What to start: {@code name} names it in errors. */
    public static Launch command(String name, List<String> command) {
        return new Launch(name, List.copyOf(command));
    }

    /** How to start a child; {@link #start()} starts it. */
    public static final class Launch {
        private final String name;
        private List<String> command;
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path workDir;
        private Path log;
        private boolean append = true;
        private boolean header;
        private Path stderr;
        private boolean stdinFromDevNull;
        private boolean killAtExit = true;

        private Launch(String name, List<String> command) {
            this.name = name;
            this.command = command;
        }

        /** Adds {@code env} to this JVM's environment. */
        public Launch env(Map<String, String> env) {
            this.env.putAll(env);
            return this;
        }

        public Launch workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /** Both output streams appended to {@code log} (the default: a restart keeps the earlier run's output). */
        public Launch appendTo(Path log) {
            this.log = log;
            this.append = true;
            return this;
        }

        /** Both output streams to {@code log}, emptied first. */
        public Launch logTo(Path log) {
            this.log = log;
            this.append = false;
            return this;
        }

        /** The log starts with the command line (and is emptied first). */
        public Launch commandLineFirst() {
            this.header = true;
            return this;
        }

        /** Standard error to its own file (emptied first) instead of the log. */
        public Launch stderrTo(Path stderr) {
            this.stderr = stderr;
            return this;
        }

        /**
         * Standard input from /dev/null rather than a pipe from this JVM. Without it a child sees its input end when
         * this JVM dies, which {@link ExitWithParent} relies on.
         */
        public Launch noInput() {
            this.stdinFromDevNull = true;
            return this;
        }

        /**
         * Starts it with SIGINT handled the default way, so that {@link #signal signal("INT")} acts as Ctrl-C does in a
         * terminal. A process started in the background by a shell without job control (a CI script's {@code mvn &})
         * has SIGINT ignored, its children inherit that, and a JVM whose SIGINT is ignored never runs its handler.
         */
        public Launch interruptible() {
            List<String> reset = new java.util.ArrayList<>(List.of("env", "--default-signal=INT"));
            reset.addAll(command);
            this.command = List.copyOf(reset);
            return this;
        }

        /**
         * Not killed by the shutdown hook: its owner stops it in order at exit (its own hook), as a node's containerd
         * must outlive the kubelet and the pods it cleans up.
         */
        public Launch ownerStopsAtExit() {
            this.killAtExit = false;
            return this;
        }

        public ChildProcess start() {
            if (log == null) {
                throw new IllegalStateException("no log file for " + name);
            }
            try {
                if (workDir != null) {
                    Files.createDirectories(workDir);
                }
                Files.createDirectories(log.toAbsolutePath().getParent());
                if (header) {
                    Files.writeString(log, "$ " + String.join(" ", command) + "\n");
                } else if (!append) {
                    Files.deleteIfExists(log);
                }
                long logStart = Files.exists(log) ? Files.size(log) : 0;
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                if (stderr != null) {
                    builder.redirectError(stderr.toFile());
                } else {
                    builder.redirectErrorStream(true);
                }
                if (stdinFromDevNull) {
                    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                }
                if (workDir != null) {
                    builder.directory(workDir.toFile());
                }
                builder.environment().putAll(env);
                ChildProcess child = new ChildProcess(name, builder.start(), log, logStart);
                if (killAtExit) {
                    RUNNING.add(child);
                    child.process.onExit().thenRun(() -> RUNNING.remove(child));
                }
                return child;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name + ": " + command, e);
            }
        }
    }

    public String name() {
        return name;
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

    /** Fails with the log's last lines when the process has exited already, e.g. because of a bad flag. */
    private void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; last lines of "
                    + log + ":\n" + tail(30));
        }
    }

    /**
     * Waits until this child's output (not an earlier run's in the same log) contains {@code marker}; fails, naming
     * the child and its log, when it exits first or {@code timeout} passes.
     */
    public void awaitOutput(String marker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(marker)) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
            }
            sleep(100);
        }
    }

    /** What this child printed so far (to its log). */
    public String output() {
        try (SeekableByteChannel in = Files.newByteChannel(log)) {
            in.position(logStart);
            return new String(Channels.newInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last {@code lines} lines of its log. */
    public String tail(int lines) {
        return LogTail.of(log, lines);
    }

    /**
     * Waits until {@code condition} holds (an exception from it counts as not yet), checking every
     * {@code pollMillis} that this child still runs; fails with {@code what} and the log's last lines when it
     * exits or {@code timeout} passes.
     */
    public void awaitTrue(Supplier<String> what, Duration timeout, long pollMillis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            checkAlive();
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet
            }
            sleep(pollMillis);
        }
        throw new IllegalStateException("Not within " + timeout + ": " + what.get() + "; last lines of " + log
                + ":\n" + tail(40));
    }

    /** The exit code once the process ended within {@code timeout}, else empty. */
    public OptionalInt awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue())
                    : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** Sends a signal by name ({@code INT}, {@code TERM}, {@code KILL}) to the process itself, not its children. */
    public void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " (" + name + ") failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    /** SIGTERM to the process and its descendants, SIGKILL to what still runs after {@code grace}. */
    public void stop(Duration grace) {
        List<ProcessHandle> tree = tree();
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : tree) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!awaitGone(handle, Duration.ofNanos(left))) {
                break;
            }
        }
        kill(tree);
    }

    /** SIGKILL to the process and its descendants, like a node that dies: no clean-up. Waits until they are gone. */
    public void kill() {
        kill(tree());
    }

    @Override
    public void close() {
        kill();
    }

    /** The process and its descendants, the descendants first (listed before anything ends and they are orphaned). */
    private List<ProcessHandle> tree() {
        List<ProcessHandle> descendants = new java.util.ArrayList<>(process.descendants().toList());
        descendants.add(process.toHandle());
        return descendants;
    }

    private static void kill(List<ProcessHandle> tree) {
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        tree.forEach(handle -> awaitGone(handle, Duration.ofSeconds(30)));
    }

    private static boolean awaitGone(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
