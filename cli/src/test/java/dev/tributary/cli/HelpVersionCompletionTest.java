package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --help}, {@code -h}, {@code --version} and {@code completion}, as the tools people know answer them. */
class HelpVersionCompletionTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Tributary.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyCommandAnswersHelpAndHWithItsUsageOnStdoutAndExitZero() {
        for (String command : List.of("validate", "render", "dev", "completion")) {
            for (String flag : List.of("--help", "-h")) {
                for (String[] args : List.of(new String[] {command, flag}, new String[] {command, "x", flag},
                        new String[] {"help", command})) {
                    Run run = run(args);
                    assertThat(run.code()).as(String.join(" ", args)).isZero();
                    assertThat(run.out()).as(String.join(" ", args)).startsWith("usage: tributary " + command);
                    assertThat(run.err()).as(String.join(" ", args)).isEmpty();
                }
            }
        }
        for (String flag : List.of("--help", "-h", "help")) {
            Run run = run(flag);
            assertThat(run.code()).isZero();
            assertThat(run.out()).contains("usage: tributary validate", "tributary render", "tributary dev",
                    "tributary completion bash|zsh", "tributary --version", "Exit codes:");
        }
    }

    @Test
    void helpWinsOverAnOptionThatWantsAValue() {
        Run run = run("render", "--image", "--help");
        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith("usage: tributary render").contains("--bootstrap-servers HOSTS");
    }

    @Test
    void versionNamesTributaryAndTheFlinkAndKafkaItEmbeds() {
        for (String flag : List.of("--version", "-V", "version")) {
            Run run = run(flag);
            assertThat(run.code()).isZero();
            assertThat(run.out()).startsWith("tributary 0.1.0-SNAPSHOT\n")
                    .contains("Flink " + org.apache.flink.runtime.util.EnvironmentInformation.getVersion() + " ",
                            "Kafka " + org.apache.kafka.common.utils.AppInfoParser.getVersion() + " ");
            assertThat(run.out()).containsPattern("Flink \\d+\\.\\d+\\.\\d+").containsPattern("Kafka \\d+\\.\\d+\\.\\d+");
        }
    }

    @Test
    void usageErrorsGoToStderrWithTheCommandsUsage() {
        Run run = run("validate", "--bogus", "x");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("tributary validate: unknown option '--bogus'\nusage: tributary validate");
        assertThat(run("completion", "fish").code()).isEqualTo(2);
        assertThat(run("dev", "--max-dead-letters", "120", "x").err()).contains("--max-dead-letters needs a"
                + " percentage from 0 to 100");
    }

    @Test
    void completionOptionsAreReadFromTheUsage() {
        assertThat(Completion.options("validate")).containsExactly(Map.entry("--no-sql", false),
                Map.entry("--help", false));
        assertThat(Completion.options("dev")).containsEntry("--max-records", true).containsEntry("--duration", true)
                .containsEntry("--max-dead-letters", true).containsEntry("--seed", true).containsEntry("--rate", true)
                .containsEntry("--parallelism", true);
        assertThat(Completion.options("render")).containsEntry("--image", true).containsEntry("--no-sql", false)
                .containsEntry("--security-protocol", true);
    }

    @Test
    void theBashScriptCompletesCommandsOptionsAndChoicesInBash(@TempDir Path dir) throws Exception {
        Run script = run("completion", "bash");
        assertThat(script.code()).isZero();
        Files.writeString(dir.resolve("tributary.bash"), script.out());
        Files.createDirectories(dir.resolve("samples/clickstream"));
        assertThat(complete(dir, "tributary", "")).contains("validate", "render", "dev", "completion", "--version");
        assertThat(complete(dir, "tributary", "dev", "--max")).containsExactlyInAnyOrder("--max-records",
                "--max-dead-letters");
        assertThat(complete(dir, "tributary", "render", "--security-protocol", "SASL_"))
                .containsExactlyInAnyOrder("SASL_PLAINTEXT", "SASL_SSL");
        assertThat(complete(dir, "tributary", "dev", "sam")).containsExactly("samples");
        assertThat(complete(dir, "tributary", "dev", "--seed", "")).isEmpty();
        assertThat(complete(dir, "tributary", "completion", "")).containsExactly("bash", "zsh");
    }

    @Test
    void theZshScriptDefinesACompletionForTributary() {
        Run script = run("completion", "zsh");
        assertThat(script.code()).isZero();
        assertThat(script.out()).startsWith("#compdef tributary\n").endsWith("compdef _tributary tributary\n")
                .contains("dev) _arguments", "'--max-records:value: '", "'--no-sql'",
                        "'--security-protocol:value:(PLAINTEXT SSL SASL_PLAINTEXT SASL_SSL)'", "'*:folder:_files -/'");
    }

    /** What bash offers for the last word, with the script sourced, run in {@code dir}. */
    private static List<String> complete(Path dir, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append(" '").append(word).append('\'');
        }
        String command = "source tributary.bash; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1)
                + "; _tributary; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process bash = new ProcessBuilder("bash", "-c", command).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(out).isZero();
        return out.lines().filter(l -> !l.isEmpty()).toList();
    }
}
