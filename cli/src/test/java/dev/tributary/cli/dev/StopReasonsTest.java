package dev.tributary.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ctrl-C and a process started with SIGINT ignored: a background job of a non-interactive shell starts that way,
 * and so does everything it starts (Maven, the test JVM, the {@code tributary dev} a test launches). The JVM keeps
 * such a signal ignored whatever handler is installed, so dev must say that Ctrl-C cannot stop it, and how to.
 * Each case runs {@link StopReasonsProbe} in a JVM of its own (about a second).
 */
@Timeout(120)
class StopReasonsTest {

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopProbes() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void aProcessStartedIgnoringSigintSaysCtrlCCannotStopItAndSigtermStillDoes() throws Exception {
        Process probe = start("trap '' INT; exec " + java());
        List<String> lines = readUntilReady(probe);
        assertThat(lines).anyMatch(l -> l.startsWith("signals: Ctrl-C cannot stop this run: the process was started"
                + " ignoring SIGINT") && l.endsWith("stop it with kill " + probe.pid() + " (SIGTERM)"));

        signal(probe, "INT");
        assertThat(probe.waitFor(2, TimeUnit.SECONDS)).as("SIGINT stopped a process that ignores it").isFalse();
        signal(probe, "TERM");
        assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue()).isEqualTo(143);
    }

    @Test
    void aProcessStartedWithSigintAtItsDefaultStopsOnCtrlC() throws Exception {
        // env resets it: the test JVM itself may have been started ignoring SIGINT (a background build)
        Process probe = start("exec env --default-signal=INT " + java());
        assertThat(readUntilReady(probe)).contains("all stop signals reach dev");

        signal(probe, "INT");
        assertThat(probe.waitFor(30, TimeUnit.SECONDS)).as("SIGINT did not stop the process").isTrue();
        assertThat(probe.exitValue()).isEqualTo(130);
    }

    @Test
    void theLineNamesEachIgnoredSignalAndAStopThatStillWorks() {
        assertThat(StopReasons.unstoppableBy(List.of(), 7)).isEmpty();
        assertThat(StopReasons.unstoppableBy(List.of("SIGTERM"), 7)).get().asString()
                .startsWith("signals: kill (SIGTERM) cannot stop this run").contains("ignoring SIGTERM")
                .contains("kill -KILL 7");
        assertThat(StopReasons.unstoppableBy(List.of("SIGINT", "SIGTERM"), 7)).get().asString()
                .startsWith("signals: neither Ctrl-C nor kill can stop this run")
                .contains("ignoring SIGINT and SIGTERM").contains("kill -KILL 7");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " -cp '"
                + System.getProperty("java.class.path") + "' " + StopReasonsProbe.class.getName();
    }

    private Process start(String shellCommand) throws IOException {
        Process process = new ProcessBuilder("sh", "-c", shellCommand).redirectErrorStream(true).start();
        started.add(process);
        return process;
    }

    /** The probe's lines up to {@code ready}. */
    private static List<String> readUntilReady(Process probe) throws IOException {
        List<String> lines = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null && !line.equals("ready"); line = out.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    private static void signal(Process process, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
