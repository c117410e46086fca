package dev.tributary.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ScaleSettingsTest {

    @Test
    void defaultsAreTheIssuesSizeAndIdleWindow() {
        ScaleSettings settings = ScaleSettings.from(new Properties());
        assertThat(settings.pipelines()).isEqualTo(1000);
        assertThat(settings.idle()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.resync()).isLessThan(settings.idle());
    }

    @Test
    void aQuickRunIsSmallerAndABadValueIsNamed() {
        Properties quick = new Properties();
        quick.setProperty("bench.pipelines", "100");
        quick.setProperty("bench.idleSeconds", "60");
        assertThat(ScaleSettings.from(quick).pipelines()).isEqualTo(100);
        assertThat(ScaleSettings.from(quick).idle()).isEqualTo(Duration.ofSeconds(60));

        Properties bad = new Properties();
        bad.setProperty("bench.pipelines", "lots");
        assertThatThrownBy(() -> ScaleSettings.from(bad)).hasMessageContaining("bench.pipelines")
                .hasMessageContaining("lots");
    }
}
