package dev.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed CRD files are exactly what the classes generate; the build fails when they drift. */
class CrdFilesAreCurrentTest {

    private static final String HOW_TO_FIX = "run ./mvnw -pl crds process-test-classes -Pupdate-crds and commit the result";

    private final Path generated = Path.of(System.getProperty("tributary.generatedCrds", "target/generated-crds"));
    private final Path committed = Path.of(System.getProperty("tributary.committedCrds", "."));

    @Test
    void everyKindHasOneCommittedFile() throws IOException {
        assertThat(crdFiles(generated)).containsExactly(
                "dashboards.tributary.dev-v1.yml", "pipelines.tributary.dev-v1.yml",
                "sinks.tributary.dev-v1.yml", "sources.tributary.dev-v1.yml");
        assertThat(crdFiles(committed)).as("committed CRD files; " + HOW_TO_FIX).isEqualTo(crdFiles(generated));
    }

    @Test
    void committedFilesMatchTheClasses() throws IOException {
        for (String name : crdFiles(generated)) {
            Path committedFile = committed.resolve(name);
            assertThat(committedFile).as(name + " is missing; " + HOW_TO_FIX).exists();
            assertThat(Files.readString(committedFile))
                    .as(name + " differs from what the classes generate; " + HOW_TO_FIX)
                    .isEqualTo(Files.readString(generated.resolve(name)));
        }
    }

    private static List<String> crdFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tributary.dev-v1.yml"))
                    .sorted().toList();
        }
    }
}
