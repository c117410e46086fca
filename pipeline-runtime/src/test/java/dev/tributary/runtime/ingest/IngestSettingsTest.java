package dev.tributary.runtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestSettingsTest {

    static final Path SECRETS = Path.of("/secrets");

    @Test
    void theEnvironmentSetsTheSlowClientTimeouts() {
        IngestSettings s = IngestSettings.fromEnvironment(Map.of(IngestSettings.HEADER_TIMEOUT_ENV, "5",
                IngestSettings.BODY_TIMEOUT_ENV, " 20 ", IngestSettings.IDLE_TIMEOUT_ENV, "90"), SECRETS);
        assertThat(s.headerTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.bodyTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(IngestSettings.fromEnvironment(Map.of(), SECRETS)).isEqualTo(IngestSettings.defaults(SECRETS));
    }

    @Test
    void aTimeoutThatIsNotSecondsFailsNamingTheVariable() {
        assertThatThrownBy(() -> IngestSettings.fromEnvironment(Map.of(IngestSettings.HEADER_TIMEOUT_ENV, "10s"),
                SECRETS)).hasMessage("TRIBUTARY_INGEST_HEADER_TIMEOUT_SECONDS='10s' is not a number of seconds from 1"
                        + " to 3600: unset it for the default (10)");
        assertThatThrownBy(() -> IngestSettings.fromEnvironment(Map.of(IngestSettings.BODY_TIMEOUT_ENV, "0"),
                SECRETS)).hasMessageStartingWith("TRIBUTARY_INGEST_BODY_TIMEOUT_SECONDS='0'");
    }
}
