package dev.tributary.runtime.it;

import dev.tributary.local.ChildJvm;
import dev.tributary.local.ChildProcess;
import dev.tributary.local.ExitWithParent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The pipeline-runtime image that {@code images/build.sh} builds with podman (no registry), and the processes of an
 * {@link ApplicationCluster} as containers of it, the way a pod runs them: the image's own launcher
 * ({@code /opt/tributary/bin/flink-java}), its user, a read-only root filesystem with a tmpfs at /tmp, a memory
 * limit. Containers share the host's network namespace, so everything stays on 127.0.0.1 with the test broker.
 * Each container's stdin is this JVM's pipe: when this JVM dies, ExitWithParent (mounted read-only next to the
 * image's class path) halts the container's JVM and {@code --rm} removes it; {@link #remove} does so at once.
 */
public final class RuntimeImage {

    public static final String NAME = System.getProperty("tributary.runtime.image",
            "localhost/tributary/pipeline-runtime:dev");
    private static final String EXIT_WITH_PARENT = "/opt/tributary-test/exit-with-parent";
    private static final AtomicInteger CONTAINERS = new AtomicInteger();
    private static String builtId;

    private RuntimeImage() {
    }

    /** The repository's root: this module's target's parent's parent. */
    public static Path repositoryRoot() {
        return Services.target().getParent().getParent();
    }

    /** Why this machine cannot run the image tests, or empty when it can. */
    public static Optional<String> unavailable() {
        boolean root = new ProcessRunner(List.of("id", "-u")).output().strip().equals("0");
        if (!new ProcessRunner(List.of("podman", "--version")).succeeds() && root
                && new ProcessRunner(List.of("apt-get", "--version")).succeeds()) {
            // A fresh machine: the suite provisions what it needs, as e2e/provision/provision.sh does for the node.
            new ProcessRunner(List.of("bash", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get"
                    + " install -y -qq --no-install-recommends podman runc buildah debootstrap catatonit uidmap"))
                    .timeout(20, TimeUnit.MINUTES).outputOrThrow();
        }
        if (!new ProcessRunner(List.of("podman", "--version")).succeeds()) {
            return Optional.of("podman is not installed (apt-get install podman runc; see images/build.sh)");
        }
        if (!root) {
            return Optional.of("the image tests build the Java base with debootstrap, which needs root");
        }
        return Optional.empty();
    }

    /** Builds the runtime image from this module's target (the base is cached) once per JVM; its image ID. */
    public static synchronized String build() {
        if (builtId == null) {
            builtId = ProcessRunner.imageId(new ProcessRunner(
                    List.of("bash", repositoryRoot().resolve("images/build.sh").toString(), "runtime"))
                    .timeout(20, TimeUnit.MINUTES).outputOrThrow(), "pipeline-runtime");
        }
        return builtId;
    }

    /**
     * {@code podman run} for one Flink process: {@code shared} is mounted at the same path (plan, configuration
     * and checkpoint directories keep their host paths), made writable for the image's user.
     */
    static ChildProcess start(String role, String mainClass, List<String> flinkArgs, Path shared, Path log) {
        openToContainerUser(shared);
        String name = "tributary-it-" + role + "-" + ProcessHandle.current().pid() + "-" + CONTAINERS.incrementAndGet();
        List<String> command = new ArrayList<>(List.of("podman", "run", "-i", "--rm", "--name", name,
                "--network", "host", "--read-only", "--tmpfs", "/tmp:rw,size=512m,mode=1777", "--memory", "1200m",
                "--label", "dev.tributary.test=pipeline-runtime",
                "-v", shared + ":" + shared + ":rw",
                "-v", exitWithParentLocation() + ":" + EXIT_WITH_PARENT + ":ro",
                "-e", "TRIBUTARY_CLASSPATH=/opt/tributary/lib/*:" + EXIT_WITH_PARENT,
                "-e", "TRIBUTARY_JAVA_OPTS=-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
                        + " -Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "--entrypoint", "/opt/tributary/bin/flink-java", NAME, role));
        command.addAll(ChildJvm.withParent(mainClass, flinkArgs));
        ChildProcess container = ChildJvm.run(command, Map.of("CONTAINERS_CONF", containersConf()),
                log.getParent(), log);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> remove(name), "rm-" + name));
        return container;
    }

    /** {@code podman rm -f}: the container is gone, whatever its podman client did. */
    static void remove(String name) {
        new ProcessRunner(List.of("podman", "rm", "-f", "--ignore", name)).succeeds();
    }

    static String containersConf() {
        return repositoryRoot().resolve("images/containers.conf").toString();
    }

    private static Path exitWithParentLocation() {
        try {
            return Path.of(ExitWithParent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void openToContainerUser(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a short command to its end. */
    static final class ProcessRunner {
        private final List<String> command;
        private long timeout = 2;
        private TimeUnit unit = TimeUnit.MINUTES;

        ProcessRunner(List<String> command) {
            this.command = command;
        }

        ProcessRunner timeout(long timeout, TimeUnit unit) {
            this.timeout = timeout;
            this.unit = unit;
            return this;
        }

        boolean succeeds() {
            try {
                return run().exitCode == 0;
            } catch (UncheckedIOException e) {
                return false;
            }
        }

        String output() {
            return run().output;
        }

        String outputOrThrow() {
            Result result = run();
            if (result.exitCode != 0) {
                throw new IllegalStateException(command + " exited with " + result.exitCode + ":\n" + result.output);
            }
            return result.output;
        }

        private Result run() {
            try {
                Path out = Files.createTempFile("tributary-cmd", ".log");
                try {
                    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                            .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
                    builder.environment().put("CONTAINERS_CONF", containersConf());
                    Process process = builder.start();
                    if (!process.waitFor(timeout, unit)) {
                        process.destroyForcibly().waitFor();
                        throw new IllegalStateException(command + " did not end within " + timeout + " " + unit
                                + ":\n" + Files.readString(out, StandardCharsets.UTF_8));
                    }
                    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
                } finally {
                    Files.deleteIfExists(out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** The ID from images/build.sh's {@code <what>=<name>@<id>} line. */
        static String imageId(String output, String what) {
            return output.lines().filter(l -> l.startsWith(what + "=")).map(l -> l.substring(l.lastIndexOf('@') + 1))
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException("images/build.sh printed no " + what + "=:\n" + output));
        }

        private record Result(int exitCode, String output) {
        }
    }
}
