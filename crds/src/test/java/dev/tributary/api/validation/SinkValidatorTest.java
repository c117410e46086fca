package dev.tributary.api.validation;

import static dev.tributary.api.Fixtures.SESSIONS;
import static dev.tributary.api.Fixtures.SESSIONS_DB;
import static dev.tributary.api.Fixtures.sink;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.WebhookSinkSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SinkValidatorTest {

    @Test
    void acceptsRealisticSinks() {
        assertThat(SinkValidator.validate(sink(SESSIONS))).isEmpty();
        assertThat(SinkValidator.validate(sink(SESSIONS_DB))).isEmpty();
    }

    @Test
    void exactlyOneType() {
        Sink both = sink(SESSIONS);
        both.getSpec().webhook = new WebhookSinkSpec();
        both.getSpec().webhook.url = "https://hooks.example/x";
        assertThat(SinkValidator.validate(both)).singleElement()
                .satisfies(p -> assertThat(p.toString()).startsWith("spec: set exactly one sink type").contains("found 2"));
        Sink none = sink(SESSIONS);
        none.getSpec().kafka = null;
        assertThat(SinkValidator.validate(none)).extracting(Problem::field).containsExactly("spec");
    }

    @Test
    void upsertKeyNamesDeclaredColumns() {
        Sink db = sink(SESSIONS_DB);
        db.getSpec().jdbc.upsertKey = List.of("user_id", "session_start");
        assertThat(SinkValidator.validate(db)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.jdbc.upsertKey[1]");
            assertThat(p.message()).contains("'session_start' is not a column").contains("started");
        });
    }

    @Test
    void noPasswordInTheUrl() {
        Sink db = sink(SESSIONS_DB);
        db.getSpec().jdbc.url = "jdbc:postgresql://db:5432/a?user=x&Password=secret";
        assertThat(SinkValidator.validate(db)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.jdbc.url");
            assertThat(p.message()).contains("credentialsSecret").doesNotContain("secret&");
        });
    }

    @Test
    void noCredentialInAWebhookUrlsQuery() {
        Sink hook = new Sink();
        hook.setSpec(new dev.tributary.api.v1alpha1.SinkSpec());
        hook.getSpec().webhook = new dev.tributary.api.v1alpha1.WebhookSinkSpec();
        for (String url : List.of("https://h.example/a?token=s3cr3t", "https://h.example/a?x=1&API_KEY=k",
                "https://h.example/a?sig=abc", "https://h.example/a?client_secret=c", "https://h.example/a?password=p",
                "https://h.example/a?X-Amz-Signature=s")) {
            hook.getSpec().webhook.url = url;
            assertThat(SinkValidator.validate(hook)).as(url).extracting(Problem::field)
                    .containsExactly("spec.webhook.url");
        }
        for (String url : List.of("https://h.example/a?channel=ops&design=2&monkey=1", "https://h.example/token")) {
            hook.getSpec().webhook.url = url;
            assertThat(SinkValidator.validate(hook)).as(url).isEmpty();
        }
    }
}
