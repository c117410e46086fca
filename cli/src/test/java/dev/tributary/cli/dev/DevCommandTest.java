package dev.tributary.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code tributary dev}: a clear message and exit code, before anything starts. */
class DevCommandTest {

    private static final Path REPO = Path.of(System.getProperty("tributary.repo", "..")).toAbsolutePath().normalize();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aMissingDirectoryIsNamed() {
        assertThat(run("no/such/dir")).isEqualTo(1);
        assertThat(err()).contains("no/such/dir is not a directory");
        assertThat(err()).doesNotContain("Exception");
    }

    @Test
    void invalidResourcesGetValidatesMessagesAndNothingRuns(@TempDir Path dir) throws IOException {
        Files.copy(REPO.resolve("cli/src/test/resources/validate/cross-missing-source.yaml"), dir.resolve("p.yaml"));
        assertThat(run(dir.toString())).isEqualTo(1);
        assertThat(out()).contains("p.yaml: Pipeline/").contains("spec.sources");
        assertThat(err()).contains("problem").contains("fix them");
        assertThat(Files.exists(dir.resolve(".tributary"))).isFalse();
    }

    @Test
    void aDirectoryWithoutAPipelineIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("s.yaml"), """
                apiVersion: tributary.dev/v1alpha1
                kind: Source
                metadata: {name: clicks}
                spec:
                  schema:
                    fields: [{name: id, type: BIGINT}]
                """);
        assertThat(run(dir.toString())).isEqualTo(1);
        assertThat(err()).contains("declares 0 Pipelines").contains("dev runs exactly one");
    }

    @Test
    void badOptionsPrintUsage() {
        assertThat(run("samples/clickstream", "--max-records", "lots")).isEqualTo(2);
        assertThat(err()).contains("--max-records needs a whole number, not 'lots'").contains("usage: tributary dev");
        assertThat(run("--duration", "soon", "x")).isEqualTo(2);
        assertThat(err()).contains("--duration needs a duration such as 90s or 5m");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return DevCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
