package dev.tributary.e2e.dashboards;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tributary dev} as its own process from cli/target (as the launcher runs it): a real KRaft broker, the
 * pipeline on a Flink MiniCluster, Flink's Prometheus reporter on a local port. Ends with the test JVM.
 */
final class DevRun implements AutoCloseable {

    private final ChildProcess process;
    private final Path out;
    private final Path err;

    private DevRun(ChildProcess process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static DevRun start(Path logs, String... args) throws IOException {
        Path jar = Path.of(System.getProperty("tributary.cli.jar"));
        Path classpath = Path.of(System.getProperty("tributary.cli.classpath"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the CLI in the same reactor (-pl e2e -am)");
        }
        Files.createDirectories(logs);
        Path out = logs.resolve("dev.out");
        Path err = logs.resolve("dev.err");
        List<String> command = new ArrayList<>(List.of(ChildJvm.java(), "-Xmx2g", "-cp", jar + ":" + Files.readString(classpath).trim(),
                "dev.tributary.cli.Tributary", "dev"));
        command.addAll(List.of(args));
        return new DevRun(ChildProcess.command("tributary dev", command).interruptible().logTo(out).stderrTo(err)
                .env(Map.of("TRIBUTARY_DEV_PARENT_PID", Long.toString(ProcessHandle.current().pid()))).start(), out,
                err);
    }

    /** The first group of {@code pattern} in a line of stdout, waiting for it. */
    String await(Pattern pattern, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("tributary dev ended before printing " + pattern + "\n" + describe());
            }
            Thread.sleep(250);
        }
        throw new AssertionError("tributary dev printed no " + pattern + " within " + limit + "\n" + describe());
    }

    /** Ctrl-C: dev stops the job and exits 130. */
    int interrupt(Duration limit) throws Exception {
        process.signal("INT");
        OptionalInt code = process.awaitExit(limit);
        if (code.isEmpty()) {
            throw new AssertionError("tributary dev did not end within " + limit + "\n" + describe());
        }
        return code.getAsInt();
    }

    String describe() throws IOException {
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        List<String> errLines = Files.readAllLines(err, StandardCharsets.UTF_8);
        return "--- dev stdout (last 30)\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30),
                lines.size())) + "\n--- dev stderr (last 30)\n"
                + String.join("\n", errLines.subList(Math.max(0, errLines.size() - 30), errLines.size()));
    }

    @Override
    public void close() {
        process.kill();
    }
}
