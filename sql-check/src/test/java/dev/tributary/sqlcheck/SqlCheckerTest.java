package dev.tributary.sqlcheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.api.validation.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The check on its own, with nothing of the cli or the operator: what both of them report. */
class SqlCheckerTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final String CLICKS = """
            kind: Source
            metadata: {name: clicks}
            spec:
              schema:
                fields:
                  - {name: user_id, type: STRING NOT NULL}
                  - {name: ts, type: TIMESTAMP(3)}
                eventTime: {field: ts, watermarkDelay: 5s}
            """;

    private static final String COUNTS = """
            kind: Sink
            metadata: {name: counts}
            spec:
              kafka: {topic: {name: counts}}
              schema:
                fields:
                  - {name: user_id, type: STRING NOT NULL}
                  - {name: clicks, type: BIGINT}
            """;

    @Test
    void aQueryThatFitsItsSinkHasNoProblems() throws Exception {
        SqlChecker.Result result = check("""
                INSERT INTO counts
                SELECT user_id, COUNT(*) AS clicks
                FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
                GROUP BY user_id, window_start, window_end""", COUNTS);

        assertThat(result.problems()).isEmpty();
    }

    @Test
    void anUpdatingQueryIntoAnInsertOnlySinkNamesTheKeyFieldsToDeclare() throws Exception {
        List<Problem> problems = check("INSERT INTO counts SELECT user_id, COUNT(*) FROM clicks GROUP BY user_id",
                COUNTS).problems();

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.sql");
            assertThat(p.message()).startsWith(SqlChecker.PREFIX)
                    .contains("give the Sink an upsert key (for example [user_id]")
                    .contains("spec.kafka.keyFields");
        });
    }

    @Test
    void theSameQueryIntoASinkWithKeyFieldsIsFine() throws Exception {
        String keyed = COUNTS.replace("kafka: {topic: {name: counts}}",
                "kafka: {topic: {name: counts}, keyFields: [user_id]}");

        assertThat(check("INSERT INTO counts SELECT user_id, COUNT(*) FROM clicks GROUP BY user_id", keyed)
                .problems()).isEmpty();
    }

    @Test
    void aSinkNamedWithAReservedWordGetsTheBacktickHint() throws Exception {
        String order = COUNTS.replace("name: counts}", "name: order}").replace("{name: counts}", "{name: order}");
        Pipeline pipeline = pipeline("INSERT INTO order SELECT user_id, CAST(1 AS BIGINT) FROM clicks", "order");

        List<Problem> problems = SqlChecker.check(pipeline, Map.of("clicks", read(CLICKS, Source.class)),
                Map.of("order", read(order, Sink.class))).problems();

        assertThat(problems).singleElement().extracting(Problem::message).asString()
                .contains("SQL parse failed. Encountered \"order\"")
                .endsWith("'order' is a reserved word in Flink SQL: write it in backticks (`order`) in the SQL,"
                        + " or give the Sink another name");
    }

    @Test
    void aParseErrorAtAnOrdinaryNameGivesNoReservedWordHint() throws Exception {
        List<Problem> problems = check("INSERT INTO counts SELECT user_id, COUNT(*) FROM clicks GROUP user_id",
                COUNTS).problems();

        assertThat(problems).singleElement().extracting(Problem::message).asString()
                .contains("SQL parse failed. Encountered \"user_id\"")
                .doesNotContain("reserved word");
    }

    private static SqlChecker.Result check(String sql, String sinkYaml) throws Exception {
        return SqlChecker.check(pipeline(sql, "counts"), Map.of("clicks", read(CLICKS, Source.class)),
                Map.of("counts", read(sinkYaml, Sink.class)));
    }

    private static Pipeline pipeline(String sql, String sink) throws Exception {
        Pipeline pipeline = read("kind: Pipeline\nmetadata: {name: p}\nspec: {sources: [clicks], sinks: [" + sink
                + "]}\n", Pipeline.class);
        pipeline.getSpec().sql = sql;
        return pipeline;
    }

    private static <T> T read(String yaml, Class<T> type) throws Exception {
        return YAML.readValue(yaml, type);
    }
}
