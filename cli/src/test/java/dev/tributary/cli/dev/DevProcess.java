package dev.tributary.cli.dev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code tributary dev} as a child process (its own JVM, as the launcher runs it), with stdout and stderr in files.
 * The child stops by itself when the test JVM ends.
 */
final class DevProcess implements AutoCloseable {

    private final Process process;
    private final Path out;
    private final Path err;

    private DevProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static DevProcess start(Path logs, String... args) throws IOException {
        Files.createDirectories(logs);
        Path out = Files.createTempFile(logs, "dev-", ".out");
        Path err = Files.createTempFile(logs, "dev-", ".err");
        // SIGINT at its default, as a terminal starts dev: a build started in the background starts this JVM, and
        // all it starts, ignoring SIGINT, and no handler in dev could undo that (StopReasonsTest)
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-cp", System.getProperty("java.class.path"), "dev.tributary.cli.Tributary", "dev"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put(DevCommand.PARENT_PID_ENV, Long.toString(ProcessHandle.current().pid()));
        return new DevProcess(builder.start(), out, err);
    }

    /** Waits for the exit code; fails the test with the output when it takes longer than {@code limit}. */
    int exitCode(Duration limit) throws Exception {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("tributary dev did not end within " + limit + "\n" + describe());
        }
        return process.exitValue();
    }

    /** Waits until stdout has a line starting with {@code prefix}. */
    void awaitLine(String prefix, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (stdout().stream().anyMatch(l -> l.startsWith(prefix))) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("tributary dev ended before printing '" + prefix + "'\n" + describe());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("tributary dev printed no '" + prefix + "' within " + limit + "\n" + describe());
    }

    void interrupt() throws Exception {
        signal("INT");
    }

    void terminate() throws Exception {
        signal("TERM");
    }

    /** SIGKILL: the process ends at once, saving nothing. */
    void kill() throws Exception {
        signal("KILL");
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("tributary dev outlived kill -KILL");
        }
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    long pid() {
        return process.pid();
    }

    List<String> stdout() throws IOException {
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    List<String> stderr() throws IOException {
        return Files.readAllLines(err, StandardCharsets.UTF_8);
    }

    /** The records printed for one sink, without the {@code [sink] } prefix. */
    List<String> results(String sink) throws IOException {
        String prefix = "[" + sink + "] ";
        return stdout().stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }

    String describe() throws IOException {
        List<String> lines = stdout();
        List<String> errLines = Files.readAllLines(err, StandardCharsets.UTF_8);
        return "--- stdout (last 40 of " + lines.size() + " lines)\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()))
                + "\n--- stderr (last 40)\n"
                + String.join("\n", errLines.subList(Math.max(0, errLines.size() - 40), errLines.size()));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
