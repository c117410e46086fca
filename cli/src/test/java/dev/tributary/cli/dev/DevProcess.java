package dev.tributary.cli.dev;

import dev.tributary.local.ChildJvm;
import dev.tributary.local.ChildProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code tributary dev} as a child process (its own JVM, as the launcher runs it), with stdout and stderr in files.
 * The child stops by itself when the test JVM ends.
 */
final class DevProcess implements AutoCloseable {

    private final ChildProcess process;
    private final Path out;
    private final Path err;

    private DevProcess(ChildProcess process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static DevProcess start(Path logs, String... args) throws IOException {
        Files.createDirectories(logs);
        Path out = Files.createTempFile(logs, "dev-", ".out");
        Path err = Files.createTempFile(logs, "dev-", ".err");
        // interruptible(): SIGINT at its default, as a terminal starts dev; a build started in the background starts
        // this JVM, and all it starts, ignoring SIGINT, and no handler in dev could undo that (StopReasonsTest)
        List<String> command = new ArrayList<>(List.of(ChildJvm.java(), "-Xmx2g",
                "-cp", System.getProperty("java.class.path"), "dev.tributary.cli.Tributary", "dev"));
        command.addAll(List.of(args));
        ChildProcess process = ChildProcess.command("tributary dev", command).interruptible().logTo(out).stderrTo(err)
                .env(Map.of(DevCommand.PARENT_PID_ENV, Long.toString(ProcessHandle.current().pid()))).start();
        return new DevProcess(process, out, err);
    }

    /** Waits for the exit code; fails the test with the output when it takes longer than {@code limit}. */
    int exitCode(Duration limit) throws Exception {
        OptionalInt code = process.awaitExit(limit);
        if (code.isEmpty()) {
            throw new AssertionError("tributary dev did not end within " + limit + "\n" + describe());
        }
        return code.getAsInt();
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

    void interrupt() {
        process.signal("INT");
    }

    void terminate() {
        process.signal("TERM");
    }

    /** SIGKILL: the process ends at once, saving nothing. */
    void kill() {
        process.signal("KILL");
        if (process.awaitExit(Duration.ofSeconds(30)).isEmpty()) {
            throw new AssertionError("tributary dev outlived kill -KILL");
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
        process.kill();
    }
}
