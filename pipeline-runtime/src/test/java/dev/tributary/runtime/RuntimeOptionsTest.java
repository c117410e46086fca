package dev.tributary.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeOptionsTest {

    @Test
    void defaultsComeFromTheEnvironmentThenFixedPaths() {
        RuntimeOptions none = RuntimeOptions.parse(new String[0], Map.of());
        assertThat(none.planPath()).isEqualTo(Path.of("/etc/tributary/plan/plan.json"));
        assertThat(none.secretsDir()).isEqualTo(Path.of("/etc/tributary/secrets"));
        assertThat(none.restorePath()).isNull();
        assertThat(none.metricsPort()).isEqualTo("9249");
        RuntimeOptions env = RuntimeOptions.parse(new String[0], Map.of("TRIBUTARY_PLAN", "/p", "TRIBUTARY_SECRETS_DIR",
                "/s", "TRIBUTARY_RESTORE_PATH", "s3://b/sp-1"));
        assertThat(env.planPath()).isEqualTo(Path.of("/p"));
        assertThat(env.secretsDir()).isEqualTo(Path.of("/s"));
        assertThat(env.restorePath()).isEqualTo("s3://b/sp-1");
    }

    @Test
    void argumentsWinOverTheEnvironment() {
        RuntimeOptions o = RuntimeOptions.parse(new String[] {"--plan", "/x", "--restore", "latest",
            "--allow-non-restored-state", "--parallelism", "3", "--metrics-port", "9250-9260", "--rest-port", "8088",
            "--broker-max-transaction-timeout", "7m", "--max-record-bytes", "2048"}, Map.of("TRIBUTARY_PLAN", "/p"));
        assertThat(o.planPath()).isEqualTo(Path.of("/x"));
        assertThat(o.restorePath()).isEqualTo("latest");
        assertThat(o.allowNonRestoredState()).isTrue();
        assertThat(o.parallelism()).isEqualTo(3);
        assertThat(o.metricsPort()).isEqualTo("9250-9260");
        assertThat(o.restPort()).isEqualTo(8088);
        assertThat(o.brokerMaxTransactionTimeout()).isEqualTo(Duration.ofMinutes(7));
        assertThat(o.maxRecordBytes()).isEqualTo(2048);
    }

    @Test
    void refusesUnknownOrIncompleteArguments() {
        assertThatThrownBy(() -> RuntimeOptions.parse(new String[] {"--nope"}, Map.of()))
                .hasMessageStartingWith("unknown argument '--nope'");
        assertThatThrownBy(() -> RuntimeOptions.parse(new String[] {"--plan"}, Map.of()))
                .hasMessageStartingWith("--plan needs a value");
        assertThatThrownBy(() -> RuntimeOptions.parse(new String[] {"--parallelism", "0"}, Map.of()))
                .hasMessage("--parallelism needs a positive whole number, not '0'");
    }
}
