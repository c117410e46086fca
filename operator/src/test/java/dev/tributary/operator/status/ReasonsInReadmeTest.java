package dev.tributary.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.operator.topic.plan.TopicReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's lists of condition reasons are the reason enums, no more and no fewer. */
class ReasonsInReadmeTest {

    private static final Pattern WORD = Pattern.compile("`([A-Z][A-Za-z]+)`");
    /** Backticked words in the lists that are not reasons: condition types and the kinds a reason is about. */
    private static final Set<String> NOT_REASONS = Set.of("Ready", "Deployed", "Checkpointing", "PrometheusRule",
            "GrafanaDashboard");

    private final String readme = Files.readString(Path.of("..", "README.md"));

    ReasonsInReadmeTest() throws IOException {
    }

    @Test
    void pipelineReasons() {
        assertThat(words("Pipelines report `Ready`", "with `phase`")).isEqualTo(names(PipelineReason.values()));
    }

    @Test
    void topicReasons() {
        assertThat(words("Topic conditions use the reasons", "\n\n")).isEqualTo(names(TopicReason.values()));
    }

    @Test
    void dashboardReasons() {
        assertThat(words("with the reasons `Applied`", "A\n  Pipeline created")).isEqualTo(
                names(DashboardReason.values()));
    }

    /** The CamelCase words in backticks between the two markers, those that are not reasons left out. */
    private Set<String> words(String from, String to) {
        int start = readme.indexOf(from);
        assertThat(start).as("the README says '%s'", from).isNotNegative();
        int end = readme.indexOf(to, start + from.length());
        assertThat(end).as("the README says '%s' after '%s'", to, from).isPositive();
        Set<String> words = new TreeSet<>();
        Matcher m = WORD.matcher(readme.substring(start, end));
        while (m.find()) {
            words.add(m.group(1));
        }
        words.removeAll(NOT_REASONS);
        return words;
    }

    private static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }
}
