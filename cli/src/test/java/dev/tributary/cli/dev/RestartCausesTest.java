package dev.tributary.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RestartCausesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tellsTheDeepestCauseOfEachNewFailureOnce() throws Exception {
        RestartCauses causes = new RestartCauses(1, "0".repeat(32));
        String history = """
                {"exceptionHistory": {"entries": [{"exceptionName": "org.apache.flink.util.FlinkRuntimeException",
                 "timestamp": %d, "taskName": "Sink: copies (1/1)",
                 "stacktrace": "org.apache.flink.util.FlinkRuntimeException: Failed to send data to Kafka\\n\\tat a.b(C.java:1)\\nCaused by: org.apache.kafka.common.errors.RecordTooLargeException: The message is 90 bytes\\n\\tat d.e(F.java:2)\\n"}]}}
                """;
        assertThat(causes.newest(JSON.readTree(history.formatted(1000)))).contains("org.apache.kafka.common.errors"
                + ".RecordTooLargeException: The message is 90 bytes (in Sink: copies (1/1))");
        assertThat(causes.newest(JSON.readTree(history.formatted(1000)))).as("told already").isEmpty();
        assertThat(causes.newest(JSON.readTree(history.formatted(2000)))).isPresent();
        assertThat(causes.newest(JSON.readTree("{\"exceptionHistory\": {\"entries\": []}}"))).isEmpty();
    }

    @Test
    void aTraceWithoutCausesGivesItsFirstLine() {
        assertThat(RestartCauses.rootCause("java.lang.ArithmeticException: / by zero\n\tat x.y(Z.java:3)", "?"))
                .isEqualTo("java.lang.ArithmeticException: / by zero");
        assertThat(RestartCauses.rootCause("", "java.lang.IllegalStateException"))
                .isEqualTo("java.lang.IllegalStateException");
    }
}
