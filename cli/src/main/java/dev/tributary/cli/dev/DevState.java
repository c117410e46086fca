package dev.tributary.cli.dev;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The {@code .tributary/} folder beside the resources: the broker's data (whose topics also say where each
 * generator stopped), checkpoints, local sink output, the local Secrets and the broker's ports, so that a second
 * run resumes.
 */
final class DevState {

    private static final String FILE = "dev.properties";

    private final Path root;
    private final Properties values = new Properties();

    private DevState(Path root) {
        this.root = root;
    }

    /** The state folder of the resources in {@code resourcesDir}. */
    static Path rootOf(Path resourcesDir) {
        return resourcesDir.toAbsolutePath().normalize().resolve(".tributary");
    }

    static DevState in(Path resourcesDir) {
        DevState state = new DevState(rootOf(resourcesDir));
        Path file = state.root.resolve(FILE);
        try {
            Files.createDirectories(state.root);
            if (Files.exists(file)) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    state.values.load(reader);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + state.root + ": " + e.getMessage(), e);
        }
        return state;
    }

    Path root() {
        return root;
    }

    Path kafkaDir() {
        return root.resolve("kafka");
    }

    Path postgresDir() {
        return root.resolve("postgres");
    }

    Path secretsDir() {
        return root.resolve("secrets");
    }

    /** The libpq password file for the local PostgreSQL (owner-only), which dev's psql line names. */
    Path pgpassFile() {
        return root.resolve("pgpass");
    }

    Path sinkDir(String sink) {
        return root.resolve("sinks").resolve(sink);
    }

    /** Where checkpoints live, as the URI of a volume: the plan puts them under {@code <this>/checkpoints}. */
    String stateUri() {
        return root.resolve("state").toUri().toString();
    }

    synchronized long get(String key, long fallback) {
        String value = values.getProperty(key);
        return value == null ? fallback : Long.parseLong(value);
    }

    synchronized void put(String key, long value) {
        values.setProperty(key, Long.toString(value));
    }

    synchronized void save() {
        try (Writer writer = Files.newBufferedWriter(root.resolve(FILE), StandardCharsets.UTF_8)) {
            values.store(writer, "tributary dev: where the last run stopped");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + root.resolve(FILE), e);
        }
    }
}
