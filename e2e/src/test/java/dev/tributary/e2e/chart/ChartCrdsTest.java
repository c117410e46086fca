package dev.tributary.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart ships the very CRD files of crds/ (copied into helm/tributary/files/crds/): the build fails when they
 * drift. {@code ./mvnw -pl crds process-test-classes -Pupdate-crds} writes both; or {@code cp crds/*.yml
 * helm/tributary/files/crds/}.
 */
class ChartCrdsTest {

    @Test
    void theChartCarriesTheCommittedCrdsByteForByte() throws IOException {
        Path committed = Path.of(System.getProperty("tributary.crds.dir", "../crds"));
        Path shipped = ChartFiles.directory().resolve("files/crds");
        List<String> names = ymlFiles(committed);
        assertThat(names).as("the CRDs in " + committed).hasSize(4);
        assertThat(ymlFiles(shipped)).as("the chart's copies in " + shipped + ": cp crds/*.yml " + shipped)
                .isEqualTo(names);
        for (String name : names) {
            assertThat(Files.readAllBytes(shipped.resolve(name)))
                    .as(shipped.resolve(name) + " differs from " + committed.resolve(name) + ": cp crds/*.yml " + shipped)
                    .isEqualTo(Files.readAllBytes(committed.resolve(name)));
        }
    }

    private static List<String> ymlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml")).sorted().toList();
        }
    }
}
