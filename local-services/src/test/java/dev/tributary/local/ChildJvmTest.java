package dev.tributary.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child JVM never outlives the JVM that started it, even when that one is killed with SIGKILL. */
class ChildJvmTest {

    /** A JVM that starts a child and says which, then waits to be killed. */
    public static final class Parent {
        public static void main(String[] args) throws Exception {
            ChildProcess child = ChildJvm.start(Sleeper.class.getName(), List.of("-Xmx32m"), List.of(), Path.of(args[0]),
                    Path.of(args[0], "child.log"));
            System.out.println("child " + child.pid());
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    public static final class Sleeper {
        public static void main(String[] args) throws Exception {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void theChildHaltsWhenItsParentIsKilled(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("parent.log");
        ChildProcess parent = ChildJvm.start(Parent.class.getName(), List.of("-Xmx64m"), List.of(dir.toString()), dir, log);
        long childPid = awaitChildPid(log);
        ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
        assertThat(child.isAlive()).isTrue();

        // SIGKILL to the parent alone (ChildProcess.kill would take its whole tree, the child included)
        ProcessHandle.of(parent.pid()).orElseThrow().destroyForcibly();
        parent.awaitExit(Duration.ofSeconds(30));

        assertThat(child.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS).isAlive())
                .as("the child saw its standard input end and halted").isFalse();
    }

    @Test
    void exitCodesAndOutputOfTheMainClassComeThrough(@TempDir Path dir) throws Exception {
        ChildProcess child = ChildJvm.start(ExitWithParent.class.getName(), List.of("-Xmx32m"), List.of(), dir,
                dir.resolve("out.log"));
        assertThat(child.awaitExit(Duration.ofSeconds(30))).as("ExitWithParent without a main class").hasValue(64);
        assertThat(Files.readString(dir.resolve("out.log"))).contains("usage: ExitWithParent <main class>");
    }

    private static long awaitChildPid(Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = Files.exists(log) ? Files.readAllLines(log).stream()
                    .filter(l -> l.startsWith("child ")).findFirst() : Optional.empty();
            if (line.isPresent()) {
                return Long.parseLong(line.get().substring("child ".length()).trim());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the parent JVM did not start its child; see " + log);
    }
}
