package dev.tributary.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tributary dev} tells the truth: a run whose every record is a dead letter, or whose generator the broker
 * refuses, fails with the reasons; everything it starts listens on 127.0.0.1 only; a second run on the same folder
 * is refused at once and the first carries on. Each run is a child JVM on a real broker (and PostgreSQL).
 */
class DevTruthIT {

    private static final Duration RUN_LIMIT = Duration.ofMinutes(5);
    private static final Path WORK = Path.of("target", "dev-truth-it").toAbsolutePath();

    @BeforeAll
    static void clean() throws IOException {
        TestFiles.delete(WORK);
    }

    @Test
    void aRunWhoseEveryRecordIsADeadLetterFailsAndSaysWhy() throws Exception {
        Path dir = folder("dead-letters");
        try (DevProcess dev = DevProcess.start(WORK, dir.toString(), "--max-records", "300", "--rate", "300")) {
            assertThat(dev.exitCode(RUN_LIMIT)).as(dev.describe()).isEqualTo(1);
            List<String> out = dev.stdout();
            // The example is whichever dead letter came first: the dead-letter topic has 3 partitions.
            assertThat(out).as(dev.describe())
                    .anyMatch(l -> l.matches("dead letters: new reason, Sink labels: column 'label' is VARCHAR\\(3\\)"
                            + " but the value has N characters  e\\.g\\. column 'label' is VARCHAR\\(3\\) but the value"
                            + " has \\d+ characters, value \\{\"id\":(\\d+),\"label\":\"order-\\1\"\\}"))
                    .contains("dead letters: 300 in it.label.dlq, by reason:",
                            "     300  Sink labels: column 'label' is VARCHAR(3) but the value has N characters")
                    .anyMatch(l -> l.startsWith("dead letters: each with its reason in the header tributary.error;"
                            + " while dev runs: kcat -C -b 127.0.0.1:"));
            String failed = out.stream().filter(l -> l.startsWith("failed: ")).findFirst().orElseThrow();
            assertThat(failed).startsWith("failed: no record"
                    + " reached a sink (300 records in, 0 out); 300 dead letters, 100.0 % of the 300 records read"
                    + " (more than --max-dead-letters 10 %");
            assertThat(out).noneMatch(l -> l.startsWith("done: "));
        }
        // The same records against a threshold of 100 %: still a failure, as nothing reached the sink.
        try (DevProcess dev = DevProcess.start(WORK, dir.toString(), "--max-records", "100", "--rate", "300",
                "--max-dead-letters", "100")) {
            assertThat(dev.exitCode(RUN_LIMIT)).as(dev.describe()).isEqualTo(1);
            assertThat(dev.stdout()).anyMatch(l -> l.startsWith("failed: no record reached a sink (100 records in,"
                    + " 0 out); 100 records in"));
        }
    }

    @Test
    void aRunWhoseGeneratedRecordsTheBrokerRefusesFailsAndSaysWhy() throws Exception {
        Path dir = folder("refused");
        try (DevProcess dev = DevProcess.start(WORK, dir.toString(), "--max-records", "300", "--rate", "300")) {
            assertThat(dev.exitCode(RUN_LIMIT)).as(dev.describe()).isEqualTo(1);
            assertThat(dev.stdout()).as(dev.describe())
                    .anyMatch(l -> l.startsWith("generator: the broker refused a record (Source orders into"
                            + " it.orders: "))
                    .anyMatch(l -> l.startsWith("failed: the broker refused 300 of 300 generated records (Source"
                            + " orders into it.orders: ")
                            && l.contains("no record reached a sink (0 records in, 0 out)"));
            assertThat(dev.stderr()).as("progress lines").anyMatch(l -> l.startsWith("generated 300 (300 refused by"
                    + " the broker) · in 0 · out 0"));
            assertThat(dev.stderr()).as("no log flood").filteredOn(l -> l.contains("ERROR")).hasSizeLessThan(5);
        }
    }

    @Test
    void everythingDevStartsListensOnLoopbackOnlyAndASecondRunOnTheFolderLeavesTheFirstUnharmed()
            throws Exception {
        Path dir = folder("every-service");
        try (DevProcess first = DevProcess.start(WORK, dir.toString(), "--max-records", "1500", "--rate", "100")) {
            first.awaitLine("generator: ", RUN_LIMIT);
            String printed = String.join("\n", first.stdout());
            List<Integer> announced = List.of(port(printed, "kafka: KRaft broker on 127\\.0\\.0\\.1:(\\d+)"),
                    port(printed, "web UI http://127\\.0\\.0\\.1:(\\d+)"),
                    port(printed, "metrics http://127\\.0\\.0\\.1:(\\d+)/metrics"),
                    port(printed, "replaced by jdbc:postgresql://127\\.0\\.0\\.1:(\\d+)/"),
                    port(printed, "replaced by http://127\\.0\\.0\\.1:(\\d+)/big-orders"));
            List<InetSocketAddress> listening = ListeningSockets.of(first.pid(),
                    dir.resolve(".tributary/postgres").toString());
            assertThat(listening).as("sockets dev and its children listen on").isNotEmpty()
                    .allSatisfy(a -> assertThat(a.getAddress().isLoopbackAddress()).as(a.toString()).isTrue());
            assertThat(listening.stream().map(InetSocketAddress::getPort).toList()).as(first.describe())
                    .containsAll(announced);

            long refusedAt = System.nanoTime();
            try (DevProcess second = DevProcess.start(WORK, dir.toString())) {
                assertThat(second.exitCode(Duration.ofSeconds(60))).as(second.describe()).isEqualTo(1);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - refusedAt)).as("refused at once")
                        .isLessThan(15_000);
                assertThat(second.stderr()).as(second.describe()).anyMatch(l -> l.contains(
                        "another tributary dev run (pid " + first.pid() + ") is using " + dir));
                assertThat(second.stdout()).isEmpty();
            }
            assertThat(first.exitCode(RUN_LIMIT)).as(first.describe()).isZero();
            assertThat(first.stdout()).anyMatch(l -> l.startsWith("done: all 1500 generated records read and"
                    + " checkpointed; 1500 records in,"));
            assertThat(first.results("copies")).as("the first run printed all its results").hasSize(1500);
        }
    }

    private static int port(String printed, String regex) {
        Matcher m = Pattern.compile(regex).matcher(printed);
        assertThat(m.find()).as(regex + " in\n" + printed).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static Path folder(String name) throws IOException {
        Path dir = WORK.resolve(name);
        Files.createDirectories(dir);
        try (InputStream yaml = DevTruthIT.class.getResourceAsStream("/dev-truth/" + name + ".yaml")) {
            Files.write(dir.resolve(name + ".yaml"), yaml.readAllBytes());
        }
        return dir;
    }
}
