package dev.tributary.cli.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.cli.Tributary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary diff}: the verdict per Pipeline, its exit codes, and --against a rendered release. */
class DiffCommandTest {

    static final String RESOURCES = """
            apiVersion: tributary.dev/v1alpha1
            kind: Source
            metadata: {name: orders, namespace: shop}
            spec:
              topic: {name: shop.orders, partitions: 2}
              schema:
                fields:
                  - {name: k, type: STRING NOT NULL}
                  - {name: amount, type: BIGINT}
                  - {name: ts, type: TIMESTAMP(3)}
                eventTime: {field: ts}
            ---
            apiVersion: tributary.dev/v1alpha1
            kind: Sink
            metadata: {name: totals, namespace: shop}
            spec:
              kafka:
                topic: {name: shop.totals, partitions: 2}
                keyFields: [k]
            ---
            apiVersion: tributary.dev/v1alpha1
            kind: Pipeline
            metadata: {name: totals, namespace: shop}
            spec:
              sources: [orders]
              sinks: [totals]
              sql: |
                INSERT INTO totals SELECT k, COUNT(*) AS cnt FROM orders GROUP BY k
            """;

    record Run(int exitCode, String out, String err) {
    }

    static Run diff(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "diff";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Tributary.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path write(Path dir, String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void aRenamedColumnKeepsStateAndExitsZero(@TempDir Path dir) throws IOException {
        Path old = write(dir, "old.yaml", RESOURCES);
        Path renamed = write(dir, "new.yaml", RESOURCES.replace("SELECT k, COUNT(*) AS cnt FROM orders GROUP BY k",
                "SELECT k, n AS cnt FROM (SELECT k, COUNT(*) AS n FROM orders GROUP BY k)"));

        Run run = diff(old.toString(), renamed.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Pipeline shop/totals: SQL changed", "kept          GlobalGroupAggregate",
                "Verdict: RESTORES");
        ByteArrayOutputStream same = new ByteArrayOutputStream();
        assertThat(DiffCommand.compare(java.util.Map.of(), java.util.Map.of(), new PrintStream(same, true,
                StandardCharsets.UTF_8), System.err)).isZero();
        assertThat(same.toString(StandardCharsets.UTF_8)).contains("No Pipeline's plan changes.");
    }

    @Test
    void anAddedAggregateCannotRestoreExitsThreeAndSaysWhatToDoUnlessStateless(@TempDir Path dir) throws IOException {
        Path old = write(dir, "old.yaml", RESOURCES);
        String added = RESOURCES.replace("COUNT(*) AS cnt", "COUNT(*) AS cnt, SUM(amount) AS total");
        Path changed = write(dir, "new.yaml", added);

        Run run = diff(old.toString(), changed.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(DiffCommand.STATE_WOULD_BE_LOST);
        assertThat(run.out()).contains("incompatible  GlobalGroupAggregate", "Verdict: CANNOT RESTORE",
                "upgradeMode: stateless", "keep the old query running alongside");

        // the same change against what `tributary render` printed for the running release
        ByteArrayOutputStream rendered = new ByteArrayOutputStream();
        assertThat(Tributary.run(new String[] {"render", "--no-sql", old.toString()}, new PrintStream(rendered,
                true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()))).isZero();
        Path release = write(dir, "release.yaml", rendered.toString(StandardCharsets.UTF_8));
        Run against = diff("--against", release.toString(), changed.toString());
        assertThat(against.exitCode()).as(against.err()).isEqualTo(DiffCommand.STATE_WOULD_BE_LOST);
        assertThat(against.out()).isEqualTo(run.out());

        Path stateless = write(dir, "stateless.yaml", added.replace("sinks: [totals]\n",
                "sinks: [totals]\n  upgradeMode: stateless\n"));
        Run asked = diff(old.toString(), stateless.toString());
        assertThat(asked.exitCode()).as(asked.err()).isZero();
        assertThat(asked.out()).contains("STARTS WITHOUT STATE, as asked");
    }

    @Test
    void usageErrorsExitTwo(@TempDir Path dir) throws IOException {
        Path old = write(dir, "old.yaml", RESOURCES);
        assertThat(diff(old.toString()).exitCode()).isEqualTo(2);
        assertThat(diff("--against", dir.resolve("missing.yaml").toString(), old.toString()).err())
                .contains("is not a file");
        assertThat(diff("--help").out()).contains("Exit codes: 0 every change keeps its state");
    }
}
