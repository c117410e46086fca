package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.local.ChildProcess;
import dev.tributary.runtime.it.RuntimeImage.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline-runtime image as {@code images/build.sh} builds it with podman from a Debian base made here (no
 * registry): reproducible, holding exactly the build's output, non-root; and its containers forming a Flink
 * application cluster (a JobManager container, a TaskManager container) that runs a real pipeline against the
 * test broker.
 */
class RuntimeImageIT {

    private static final ClickCounts COUNTS = new ClickCounts(5, 20);

    @BeforeAll
    static void build() {
        assumeTrue(RuntimeImage.unavailable().isEmpty(), () -> RuntimeImage.unavailable().orElseThrow());
        RuntimeImage.build();
    }

    @Test
    void sameInputsGiveTheSameImage() {
        String again = ProcessRunner.imageId(new ProcessRunner(List.of("env", "TRIBUTARY_IMAGE_TAG=rebuilt",
                "TRIBUTARY_IMAGE_NO_CACHE=1", "bash", RuntimeImage.repositoryRoot().resolve("images/build.sh").toString(),
                "runtime")).timeout(10, TimeUnit.MINUTES).outputOrThrow(), "pipeline-runtime");
        assertThat(again).as("the image rebuilt without podman's layer cache").isEqualTo(RuntimeImage.build());
        new ProcessRunner(List.of("podman", "rmi", "localhost/tributary/pipeline-runtime:rebuilt")).succeeds();
    }

    /** What the Dockerfile's COPY lines add is byte for byte the build's output, owned by root, run as 10001. */
    @Test
    void theImageHoldsTheBuildOutputAndRunsAsItsOwnUser() throws Exception {
        Path target = Services.target();
        Path docker = target.getParent().resolve("src/main/docker");
        String mounted = new ProcessRunner(List.of("podman", "image", "mount", RuntimeImage.NAME)).outputOrThrow().strip();
        try {
            Path root = Path.of(mounted);
            Map<String, String> expectedLib = digests(target.resolve("lib"));
            try (Stream<Path> jars = Files.list(target)) {
                for (Path jar : jars.filter(p -> p.getFileName().toString().matches("tributary-pipeline-runtime-.*\\.jar"))
                        .toList()) {
                    expectedLib.put(jar.getFileName().toString(), digest(jar));
                }
            }
            assertThat(digests(root.resolve("opt/tributary/lib"))).isEqualTo(expectedLib);
            assertThat(digests(root.resolve("opt/tributary/plugins"))).isEqualTo(digests(target.resolve("plugins")));
            assertThat(digest(root.resolve("opt/tributary/bin/flink-java"))).isEqualTo(digest(docker.resolve("flink-java")));
            assertThat(digest(root.resolve("opt/tributary/conf/jvm.options")))
                    .isEqualTo(digest(docker.resolve("jvm.options")));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    root.resolve("opt/tributary/bin/flink-java")))).isEqualTo("rwxr-xr-x");
            try (Stream<Path> files = Files.walk(root.resolve("opt/tributary"))) {
                assertThat(files.filter(p -> uid(p) != 0).toList()).as("application files not owned by root").isEmpty();
            }
            assertThat(uid(root.resolve("tributary/state"))).isEqualTo(10001);
            assertThat(Files.readString(root.resolve("etc/passwd"))).contains("tributary:x:10001:10001:");
        } finally {
            new ProcessRunner(List.of("podman", "image", "unmount", RuntimeImage.NAME)).succeeds();
        }
        assertThat(new ProcessRunner(List.of("podman", "image", "inspect", "--format", "{{.Config.User}}",
                RuntimeImage.NAME)).outputOrThrow().strip()).isEqualTo("10001:10001");
    }

    @Test
    void jobManagerAndTaskManagerContainersRunAPipelineAgainstTheBroker() throws Exception {
        Topics topics = Topics.of();
        Path share = Services.target().resolve("image-cluster-" + System.currentTimeMillis());
        PipelinePlan plan = ClickCounts.plan(topics, "imagecluster", "img", share);
        long started = System.nanoTime();
        try (ApplicationCluster cluster = ApplicationCluster.inContainers(plan, share.resolve("cluster"), 2, share)) {
            ChildProcess jobManager = cluster.startJobManager(null);
            ChildProcess taskManager = cluster.addTaskManager();
            FlinkRest rest = cluster.rest();
            await("the job runs in the containers", jobManager, () -> "RUNNING".equals(rest.jobState()));
            topics.produce("img.clicks", COUNTS.round(0));
            Map<String, Long> totals = COUNTS.awaitTotals(topics, "img.totals", 20);
            assertThat(totals).hasSize(5);

            String savepoint = rest.stopWithSavepoint(plan.checkpoints().savepointDirectory());
            Path metadata = Path.of(URI.create(savepoint)).resolve("_metadata");
            assertThat(metadata).exists();
            assertThat(uid(metadata)).as("written by the image's user").isEqualTo(10001);
            // hadoop-common is on the class path (Parquet needs it), so Flink's Hadoop delegation-token provider
            // probes for HDFS and says, at INFO, that it is not there: expected, as Tributary reads no HDFS.
            assertThat(Files.readAllLines(jobManager.log())).filteredOn(l -> l.contains("HdfsConfiguration"))
                    .allSatisfy(l -> assertThat(l).startsWith("[main] INFO ").contains("not packaged with this application"));
            assertThat(taskManager.isAlive()).isTrue();
            System.out.printf("[runtime-image] JobManager and TaskManager containers of %s ran the pipeline and stopped"
                    + " it with savepoint %s in %d s%n", RuntimeImage.NAME, savepoint,
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
        }
    }

    private static Map<String, String> digests(Path dir) throws IOException {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                digests.put(dir.relativize(file).toString(), digest(file));
            }
        }
        return digests;
    }

    private static String digest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int uid(Path path) {
        try {
            return (Integer) Files.getAttribute(path, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(String what, ChildProcess jobManager, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!jobManager.isAlive()) {
                throw new AssertionError(what + ": the JobManager container exited with "
                        + jobManager.awaitExit(Duration.ZERO) + "; see " + jobManager.log());
            }
            try {
                if (condition.get()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the REST API answers before the job exists
            }
            FlinkRest.sleep(250);
        }
        throw new AssertionError(what + ": not within 180 s; see " + jobManager.log());
    }
}
