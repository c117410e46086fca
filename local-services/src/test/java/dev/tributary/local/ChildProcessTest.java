package dev.tributary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, awaiting and stopping a child: the whole process tree goes, SIGKILL after the grace period. */
class ChildProcessTest {

    @Test
    void stopEndsTheChildAndItsDescendants(@TempDir Path dir) {
        ChildProcess child = shell("tree", "sleep 300 & echo started $!; wait", dir);
        child.awaitOutput("started", Duration.ofSeconds(20));
        ProcessHandle grandchild = grandchild(child);

        child.stop(Duration.ofSeconds(10));

        assertThat(child.isAlive()).isFalse();
        assertThat(grandchild.isAlive()).as("the sleep the shell started").isFalse();
    }

    @Test
    void whatIgnoresSigtermIsKilledOnceTheGracePeriodIsOver(@TempDir Path dir) {
        ChildProcess child = shell("stubborn", "trap '' TERM; sleep 300 & echo started $!; wait", dir);
        child.awaitOutput("started", Duration.ofSeconds(20));
        ProcessHandle grandchild = grandchild(child);
        long start = System.nanoTime();

        child.stop(Duration.ofSeconds(1));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(child.isAlive()).isFalse();
        assertThat(grandchild.isAlive()).isFalse();
    }

    @Test
    void awaitingOutputFailsNamingTheChildWhenItExitsFirst(@TempDir Path dir) {
        ChildProcess child = shell("quitter", "echo bye; exit 3", dir);

        assertThatThrownBy(() -> child.awaitOutput("ready", Duration.ofSeconds(20)))
                .hasMessageContaining("quitter exited with code 3").hasMessageContaining(dir.toString());
        assertThat(child.output()).isEqualTo("bye\n");
    }

    @Test
    void aRestartedChildsOutputIsOnlyItsOwn(@TempDir Path dir) {
        shell("first", "echo ready", dir).awaitExit(Duration.ofSeconds(20));
        ChildProcess second = shell("second", "sleep 1; echo second", dir);

        assertThatThrownBy(() -> second.awaitOutput("ready", Duration.ofMillis(500)))
                .hasMessageContaining("second was not ready within");
        second.awaitExit(Duration.ofSeconds(20));
        assertThat(second.output()).isEqualTo("second\n");
    }

    /** Started with SIGINT ignored: starts an interruptible sleep and an ordinary one, and says which is which. */
    public static final class IgnoringSigint {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            ChildProcess interruptible = ChildProcess.command("interruptible", List.of("sleep", "300")).interruptible()
                    .appendTo(dir.resolve("interruptible.log")).start();
            ChildProcess plain = ChildProcess.command("plain", List.of("sleep", "300"))
                    .appendTo(dir.resolve("plain.log")).start();
            System.out.println("started " + interruptible.pid() + " " + plain.pid());
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void anInterruptibleChildEndsOnSigintWhereItsParentIgnoresIt(@TempDir Path dir) throws Exception {
        // as a background job of a shell script: SIGINT ignored, and inherited so by the JVM's children
        List<String> command = new java.util.ArrayList<>(List.of("bash", "-c", "trap '' INT; exec \"$@\"", "bash",
                ChildJvm.java(), "-Xmx32m", "-cp", System.getProperty("java.class.path")));
        command.addAll(ChildJvm.withParent(IgnoringSigint.class.getName(), List.of(dir.toString())));
        try (ChildProcess parent = ChildJvm.run(command, java.util.Map.of(), dir, dir.resolve("parent.log"))) {
            parent.awaitOutput("started ", Duration.ofSeconds(30));
            String[] pids = parent.output().lines().filter(l -> l.startsWith("started ")).findFirst().orElseThrow()
                    .substring("started ".length()).trim().split(" ");
            ProcessHandle interruptible = ProcessHandle.of(Long.parseLong(pids[0])).orElseThrow();
            ProcessHandle plain = ProcessHandle.of(Long.parseLong(pids[1])).orElseThrow();

            new ProcessBuilder("kill", "-INT", pids[0], pids[1]).start().waitFor();

            assertThat(interruptible.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
            Thread.sleep(500);
            assertThat(plain.isAlive()).as("the plain child inherited the ignored SIGINT").isTrue();
        }
    }

    private static ChildProcess shell(String name, String script, Path dir) {
        return ChildProcess.command(name, List.of("bash", "-c", script)).appendTo(dir.resolve("child.log")).start();
    }

    private static ProcessHandle grandchild(ChildProcess child) {
        String started = child.output().lines().filter(l -> l.startsWith("started ")).findFirst().orElseThrow();
        return ProcessHandle.of(Long.parseLong(started.substring("started ".length()).trim())).orElseThrow();
    }
}
