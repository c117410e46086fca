package dev.tributary.e2e.crds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The committed CRD files in the repository's {@code crds/} folder, the ones users apply. */
final class CrdFiles {

    private CrdFiles() {
    }

    static Path directory() {
        String configured = System.getProperty("tributary.crds.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "crds");
        dir = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("No crds/ folder at " + dir);
        }
        return dir;
    }

    /** CRD names (such as sources.tributary.dev) read from the file names. */
    static List<String> names() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith("-v1.yml"))
                    .map(f -> f.substring(0, f.length() - "-v1.yml".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
