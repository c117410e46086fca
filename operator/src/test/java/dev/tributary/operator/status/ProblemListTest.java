package dev.tributary.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.validation.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemListTest {

    @Test
    void oneProblemIsSaidAsValidateSaysIt() {
        assertThat(ProblemList.sentence(List.of(problem("spec.sql", "is empty")))).isEqualTo("spec.sql: is empty");
    }

    @Test
    void moreProblemsAreCountedAndTheNextOnesNamed() {
        List<Problem> problems = List.of(problem("spec.sql", "is empty"), problem("spec.sources", "is empty"),
                problem("spec.sinks", "is empty"), problem("spec.parallelism", "must be at least 1"),
                problem("spec.deadLetterTopic", "is too long"));
        assertThat(ProblemList.sentence(problems)).isEqualTo("spec.sql: is empty (and 4 more: spec.sources: is empty;"
                + " spec.sinks: is empty; spec.parallelism: must be at least 1; 1 other)");
    }

    @Test
    void anUnexpectedFailureSaysWhatFailedWithoutCredentials() {
        String message = InternalErrors.message(new IllegalStateException(
                "could not connect to https://admin:hunter2@kafka:9093 with sasl.jaas.config=org.Plain"
                        + " password=hunter2"));
        assertThat(message).contains("IllegalStateException").contains("could not connect").doesNotContain("hunter2");
    }

    private static Problem problem(String field, String message) {
        return new Problem(field, message);
    }
}
