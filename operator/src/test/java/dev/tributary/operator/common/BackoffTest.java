package dev.tributary.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheCapAndStartsOverAfterASuccess() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(backoff.next("a")).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.next("a")).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.next("a")).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.next("a")).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.next("b")).as("per resource").isEqualTo(Duration.ofSeconds(1));
        backoff.reset("a");
        assertThat(backoff.next("a")).isEqualTo(Duration.ofSeconds(1));
    }
}
