package dev.tributary.runtime.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookSettingsTest {

    @Test
    void backoffDoublesUpToItsMaximum() {
        WebhookSettings s = new WebhookSettings("alerts", "http://x", 8, Duration.ofSeconds(1), Duration.ofMillis(200),
                Duration.ofSeconds(1), null);
        assertThat(s.backoff(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(s.backoff(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(s.backoff(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(s.backoff(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.backoff(30)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retriesOnlyWhatMaySucceedLater() {
        assertThat(WebhookPoster.retryable(503)).isTrue();
        assertThat(WebhookPoster.retryable(500)).isTrue();
        assertThat(WebhookPoster.retryable(429)).isTrue();
        assertThat(WebhookPoster.retryable(408)).isTrue();
        assertThat(WebhookPoster.retryable(400)).isFalse();
        assertThat(WebhookPoster.retryable(401)).isFalse();
        assertThat(WebhookPoster.retryable(404)).isFalse();
    }
}
