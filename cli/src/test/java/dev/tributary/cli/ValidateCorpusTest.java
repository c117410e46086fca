package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of bad resource sets under src/test/resources/validate: each case (a file, or a folder of files) names
 * what it expects in {@code # expect: ...} lines, and must fail with exit code 1 and every expectation on a line of
 * the form {@code file: kind/name: field: message}.
 */
class ValidateCorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/validate");
    static final Pattern LINE = Pattern.compile("^[^:]+\\.ya?ml: [^ :/]+/[^ :]+: [^ :]+: .+$");

    record Run(int exitCode, List<String> lines, String err) {
    }

    static Run validate(String... paths) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = Stream.concat(Stream.of("validate"), Stream.of(paths)).toArray(String[]::new);
        int code = Tributary.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        return new Run(code, text.isEmpty() ? List.of() : text.lines().toList(), err.toString(StandardCharsets.UTF_8));
    }

    static Stream<Path> cases() throws IOException {
        try (Stream<Path> entries = Files.list(CORPUS)) {
            return entries.sorted().toList().stream();
        }
    }

    static List<String> expectations(Path testCase) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(testCase)) {
            try (Stream<Path> s = Files.list(testCase)) {
                s.filter(YamlLoader::isYaml).sorted().forEach(files::add);
            }
        } else {
            files.add(testCase);
        }
        List<String> expected = new ArrayList<>();
        for (Path file : files) {
            Files.readAllLines(file).stream().filter(l -> l.startsWith("# expect: "))
                    .map(l -> l.substring("# expect: ".length()).strip()).forEach(expected::add);
        }
        return expected;
    }

    @Test
    void theCorpusSpansSchemaCrossResourceAndSqlErrors() throws IOException {
        List<String> names = cases().map(p -> p.getFileName().toString()).toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(25);
        assertThat(names.stream().filter(n -> n.startsWith("schema-"))).hasSizeGreaterThanOrEqualTo(8);
        assertThat(names.stream().filter(n -> n.startsWith("cross-"))).hasSizeGreaterThanOrEqualTo(8);
        assertThat(names.stream().filter(n -> n.startsWith("sql-"))).hasSizeGreaterThanOrEqualTo(6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachBadCaseFailsWithTheExpectedField(Path testCase) throws IOException {
        List<String> expected = expectations(testCase);
        assertThat(expected).as("a case says what it expects in '# expect:' lines").isNotEmpty();

        Run run = validate(testCase.toString());

        assertThat(run.exitCode()).as("exit code; output:\n%s", String.join("\n", run.lines())).isEqualTo(1);
        assertThat(run.lines()).allSatisfy(line -> {
            assertThat(line).matches(LINE);
            assertThat(line).startsWith(testCase.toString());
        });
        for (String expectation : expected) {
            assertThat(run.lines()).as("expected a line containing: %s", expectation)
                    .anySatisfy(line -> assertThat(line).contains(expectation));
        }
    }
}
