package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and the output format of {@code tributary validate}. */
class TributaryCommandTest {

    static final String SOURCE = """
            apiVersion: tributary.dev/v1alpha1
            kind: Source
            metadata: {name: clicks}
            spec:
              schema:
                fields:
                  - {name: user_id, type: STRING}
            """;

    @Test
    void exitsZeroAndPrintsNothingOnStdoutWhenAllIsWell(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ok.yaml"), SOURCE);

        ValidateCorpusTest.Run run = ValidateCorpusTest.validate(dir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).isEmpty();
    }

    @Test
    void exitsOneAndPrintsFileKindNameFieldMessage(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, SOURCE.replace("type: STRING}", "type: STRING, nullable: true}"));

        ValidateCorpusTest.Run run = ValidateCorpusTest.validate(file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).containsExactly(file + ": Source/clicks: spec.schema.fields[0].nullable:"
                + " unknown field 'nullable': remove it or fix its spelling (known here: name, type)");
    }

    @Test
    void readsEveryDocumentOfEveryFileUnderADirectory(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("nested"));
        Files.writeString(dir.resolve("a.yaml"), SOURCE + "---\n" + SOURCE.replace("clicks", "views")
                .replace("STRING}", "STRNG}"));
        Files.writeString(dir.resolve("nested/b.yaml"), SOURCE.replace("clicks", "orders").replace("spec:", "spek:"));
        Files.writeString(dir.resolve("notes.txt"), "not yaml: [");

        ValidateCorpusTest.Run run = ValidateCorpusTest.validate(dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).anySatisfy(l -> assertThat(l).startsWith(dir.resolve("a.yaml")
                + ": Source/views: spec.schema.fields[0].type: "));
        assertThat(run.lines()).anySatisfy(l -> assertThat(l).startsWith(dir.resolve("nested/b.yaml")
                + ": Source/orders: spek: unknown field 'spek'"));
        assertThat(run.lines()).anySatisfy(l -> assertThat(l).startsWith(dir.resolve("nested/b.yaml")
                + ": Source/orders: spec: required"));
        assertThat(run.lines()).noneSatisfy(l -> assertThat(l).contains("notes.txt"));
    }

    @Test
    void reportsYamlThatDoesNotParse(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "kind: Source\nmetadata: {name: [\n");

        ValidateCorpusTest.Run run = ValidateCorpusTest.validate(file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).singleElement().asString().startsWith(file + ": document 1: not valid YAML")
                .endsWith(": expected the node content, but found '<stream end>' at line 3, column 1");
    }

    @Test
    void aMissingPathIsAProblem() {
        ValidateCorpusTest.Run run = ValidateCorpusTest.validate("does/not/exist.yaml");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).singleElement().asString().contains("no such file or directory");
    }

    @Test
    void usageErrorsExitTwo() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
        assertThat(Tributary.run(new String[] {}, out, out)).isEqualTo(2);
        assertThat(Tributary.run(new String[] {"validate"}, out, out)).isEqualTo(2);
        assertThat(Tributary.run(new String[] {"frobnicate"}, out, out)).isEqualTo(2);
        assertThat(Tributary.run(new String[] {"validate", "--bogus", "x"}, out, out)).isEqualTo(2);
        assertThat(Tributary.run(new String[] {"--help"}, out, out)).isZero();
        assertThat(sink.toString(StandardCharsets.UTF_8)).contains("usage: tributary validate");
    }

    @Test
    void sinkColumnsArePlannedAsTheRuntimeWritesThemNeitherCutNorPaddedToTheirDeclaredLength(@TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("lengths.yaml"), """
                apiVersion: tributary.dev/v1alpha1
                kind: Source
                metadata: {name: bids, namespace: t}
                spec:
                  topic: {name: t.bids, partitions: 1}
                  format: json
                  schema:
                    fields:
                      - {name: auction, type: BIGINT}
                      - {name: channel, type: VARCHAR}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Sink
                metadata: {name: out, namespace: t}
                spec:
                  kafka: {topic: {name: t.out, partitions: 1}}
                  schema:
                    fields:
                      - {name: code, type: CHAR(3)}
                      - {name: label, type: VARCHAR}
                ---
                apiVersion: tributary.dev/v1alpha1
                kind: Pipeline
                metadata: {name: q21, namespace: t}
                spec:
                  sources: [bids]
                  sinks: [out]
                  sql: |
                    INSERT INTO `out` SELECT SUBSTRING(channel FROM 1 FOR 5), CAST(auction AS STRING) FROM bids
                  checkpoints: {interval: 30s, guarantee: exactly-once}
                """);

        ValidateCorpusTest.Run run = ValidateCorpusTest.validate(dir.toString());

        assertThat(run.lines()).isEmpty();
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void withoutSqlPlanningTheSqlIsNotChecked() throws IOException {
        Path unknownColumn = ValidateCorpusTest.CORPUS.resolve("sql-unknown-column.yaml");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);

        assertThat(Tributary.run(new String[] {"validate", "--no-sql", unknownColumn.toString()}, out, out)).isZero();
    }
}
