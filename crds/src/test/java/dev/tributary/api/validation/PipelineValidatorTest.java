package dev.tributary.api.validation;

import static dev.tributary.api.Fixtures.CLICKS;
import static dev.tributary.api.Fixtures.SESSIONIZE;
import static dev.tributary.api.Fixtures.SESSIONS;
import static dev.tributary.api.Fixtures.SESSIONS_DB;
import static dev.tributary.api.Fixtures.pipeline;
import static dev.tributary.api.Fixtures.sink;
import static dev.tributary.api.Fixtures.sinks;
import static dev.tributary.api.Fixtures.source;
import static dev.tributary.api.Fixtures.sources;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.AutoscalingSpec;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineValidatorTest {

    private static final Duration KAFKA_DEFAULT = ExactlyOnceRules.BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT;

    private static List<Problem> validate(Pipeline pipeline, Sink... sinks) {
        Sink[] all = sinks.length == 0 ? new Sink[] {sink(SESSIONS)} : sinks;
        return PipelineValidator.validate(pipeline, sources(source(CLICKS)), sinks(all), KAFKA_DEFAULT);
    }

    @Test
    void acceptsARealisticPipeline() {
        assertThat(validate(pipeline(SESSIONIZE))).isEmpty();
    }

    @Test
    void missingSourceIsNamedWithWhatToDo() {
        Pipeline p = pipeline(SESSIONIZE);
        assertThat(PipelineValidator.validate(p, Map.of(), sinks(sink(SESSIONS)), KAFKA_DEFAULT))
                .extracting(Problem::toString)
                .containsExactly("spec.sources[0]: Source 'clicks' does not exist in namespace 'shop': create it,"
                        + " or remove it from spec.sources");
    }

    @Test
    void missingSinkIsNamed() {
        assertThat(PipelineValidator.validate(pipeline(SESSIONIZE), sources(source(CLICKS)), Map.of(), KAFKA_DEFAULT))
                .extracting(Problem::field).containsExactly("spec.sinks[0]");
    }

    @Test
    void sqlReadingATableThatIsNotASourceOfThePipeline() {
        Pipeline p = pipeline(SESSIONIZE);
        p.getSpec().sql = "INSERT INTO sessions SELECT user_id, ts, 1 FROM clicks JOIN users ON clicks.user_id = users.id";
        assertThat(validate(p)).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.sql");
            assertThat(problem.message()).isEqualTo("statement 1 reads table 'users', which is not in spec.sources"
                    + " [clicks]: add that Source to spec.sources or fix the name");
        });
    }

    @Test
    void sqlWritingSomewhereElse() {
        Pipeline p = pipeline(SESSIONIZE);
        p.getSpec().sql = "INSERT INTO session SELECT * FROM clicks";
        assertThat(validate(p)).extracting(Problem::toString).containsExactly(
                "spec.sql: statement 1 writes into 'session', which is not in spec.sinks [sessions]: add that Sink"
                        + " to spec.sinks or fix the name",
                "spec.sinks[0]: Sink 'sessions' is never written: add an INSERT INTO sessions statement or remove"
                        + " it from spec.sinks");
    }

    @Test
    void sqlWritingASourceOrReadingASink() {
        Pipeline p = pipeline(SESSIONIZE);
        p.getSpec().sql = "INSERT INTO clicks SELECT * FROM sessions; INSERT INTO sessions SELECT * FROM clicks";
        assertThat(validate(p)).extracting(Problem::message).containsExactly(
                "statement 1 writes into 'clicks', which is a source: write into one of spec.sinks [sessions]",
                "statement 1 reads from 'sessions', which is a sink: sinks are write-only; to read results again,"
                        + " declare their topic as a Source");
    }

    @Test
    void onlyInsertStatements() {
        Pipeline p = pipeline(SESSIONIZE);
        p.getSpec().sql = "CREATE TABLE x (a INT) WITH ('connector' = 'datagen'); INSERT INTO sessions SELECT * FROM clicks";
        assertThat(validate(p)).singleElement()
                .satisfies(problem -> assertThat(problem.message()).startsWith("statement 1 starts with CREATE;"));
    }

    @Test
    void exactlyOnceMustOutliveTheTransactionTimeout() {
        Pipeline p = pipeline(SESSIONIZE);
        p.getSpec().checkpoints.interval = "10m";
        assertThat(validate(p)).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.checkpoints");
            assertThat(problem.message()).contains("checkpoints.interval (10m) + checkpoints.timeout (5m) + restart"
                    + " budget (2m) = 17m, longer than its transactionTimeout (15m)");
        });
        p.getSpec().checkpoints.guarantee = DeliveryGuarantee.AT_LEAST_ONCE;
        assertThat(validate(p)).as("at-least-once uses no transactions").isEmpty();
    }

    @Test
    void transactionTimeoutAboveTheBrokerMaximumIsRefused() {
        Sink sessions = sink(SESSIONS);
        sessions.getSpec().kafka.transactionTimeout = "30m";
        assertThat(validate(pipeline(SESSIONIZE), sessions)).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("asks for transactionTimeout 30m but the"
                        + " broker allows at most 15m"));
        assertThat(PipelineValidator.validate(pipeline(SESSIONIZE), sources(source(CLICKS)), sinks(sessions),
                Duration.ofHours(1))).as("a broker configured to allow it").isEmpty();
    }

    @Test
    void exactlyOnceIntoAJdbcTableNeedsAnUpsertKey() {
        Pipeline p = pipeline(SESSIONIZE);
        p.getSpec().sinks = List.of("sessions-db");
        p.getSpec().sql = "INSERT INTO `sessions-db` SELECT user_id, ts, 1 FROM clicks";
        Sink db = sink(SESSIONS_DB);
        assertThat(validate(p, db)).isEmpty();
        db.getSpec().jdbc.upsertKey = null;
        assertThat(validate(p, db)).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.checkpoints.guarantee");
            assertThat(problem.message()).contains("set the Sink's jdbc.upsertKey");
        });
    }

    @Test
    void ownedFlinkKeysAreRefused() {
        Pipeline p = pipeline(SESSIONIZE);
        p.getSpec().flinkConfiguration = Map.of("table.exec.state.ttl", "1h", "state.checkpoints.dir", "/tmp",
                "high-availability.type", "kubernetes");
        assertThat(validate(p)).extracting(Problem::message).containsExactly(
                "key 'high-availability.type' starts with 'high-availability', which Tributary manages: remove it and"
                        + " use the matching spec field (checkpoints, parallelism, resources, image)",
                "key 'state.checkpoints.dir' is set by Tributary from the Pipeline spec: remove it and use the matching"
                        + " spec field (checkpoints, parallelism, resources, image)");
    }

    @Test
    void parallelismBounds() {
        Pipeline p = pipeline(SESSIONIZE);
        p.getSpec().parallelism.initial = 20;
        p.getSpec().parallelism.min = 13;
        assertThat(validate(p)).extracting(Problem::field)
                .containsExactly("spec.parallelism.initial", "spec.parallelism.max");
    }

    @Test
    void replicasAndAutoscalingDoNotMix() {
        Pipeline p = pipeline(SESSIONIZE);
        p.getSpec().autoscaling = new AutoscalingSpec();
        p.getSpec().autoscaling.enabled = true;
        p.getSpec().replicas = 3;
        assertThat(validate(p)).extracting(Problem::field).containsExactly("spec.replicas");
    }
}
