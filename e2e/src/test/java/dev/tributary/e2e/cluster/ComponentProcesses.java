package dev.tributary.e2e.cluster;

import dev.tributary.local.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running components of a control plane or node ({@link ChildProcess}es), and a pid file of them: a JVM
 * killed with SIGKILL runs no clean-up, so the next run stops what the file lists that still runs the same binary.
 */
final class ComponentProcesses {

    private static final Logger log = LoggerFactory.getLogger(ComponentProcesses.class);

    private final Path pidFile;
    private final List<ChildProcess> components = new ArrayList<>();

    ComponentProcesses(Path pidFile) {
        this.pidFile = pidFile;
    }

    /**
     * Starts a component, its log starting with its command line, and notes its id in the pid file. The owner stops
     * it, in order, at exit ({@link Clusters}' and {@link RealNodeCluster}'s shutdown hooks).
     */
    synchronized ChildProcess launch(String name, List<String> command, Path log) {
        ChildProcess process = ChildProcess.command(name, command).commandLineFirst().logTo(log).noInput()
                .ownerStopsAtExit().start();
        components.add(process);
        record(process.pid(), realPath(Path.of(command.get(0))));
        return process;
    }

    synchronized boolean isEmpty() {
        return components.isEmpty();
    }

    /** Stops the components, the last started first: SIGTERM, SIGKILL after {@code grace}. */
    synchronized void stopAll(Duration grace) {
        for (int i = components.size() - 1; i >= 0; i--) {
            components.get(i).stop(grace);
        }
        components.clear();
    }

    /** Notes a process started some other way (a library's child) for a later run's clean-up. */
    void record(long pid, String binary) {
        try {
            Files.createDirectories(pidFile.toAbsolutePath().getParent());
            Files.writeString(pidFile, pid + " " + binary + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops, with SIGKILL, what the pid file of an earlier run lists that still runs the same binary. */
    void stopLeftoversOfAnEarlierRun() {
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(pidFile)) {
                String[] parts = line.split(" ", 2);
                if (parts.length != 2) {
                    continue;
                }
                ProcessHandle.of(Long.parseLong(parts[0]))
                        .filter(h -> h.info().command().map(parts[1]::equals).orElse(false))
                        .ifPresent(h -> {
                            log.warn("Stopping {} (pid {}) left over by an earlier run", parts[1], h.pid());
                            h.destroyForcibly();
                            h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> h).join();
                        });
            }
            Files.delete(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", pidFile, e.toString());
        }
    }

    static String realPath(Path binary) {
        try {
            return binary.toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
