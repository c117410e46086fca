package dev.tributary.api.validation;

import static dev.tributary.api.Fixtures.CLICKS;
import static dev.tributary.api.Fixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.FieldSpec;
import dev.tributary.api.v1alpha1.GeneratorFieldSpec;
import dev.tributary.api.v1alpha1.GeneratorSpec;
import dev.tributary.api.v1alpha1.HttpIngestSpec;
import dev.tributary.api.v1alpha1.IngestLimitsSpec;
import dev.tributary.api.v1alpha1.IngestSpec;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.api.v1alpha1.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceValidatorTest {

    @Test
    void acceptsARealisticSource() {
        assertThat(SourceValidator.validate(source(CLICKS))).isEmpty();
    }

    @Test
    void namesTheFieldOfABadType() {
        Source clicks = source(CLICKS);
        clicks.getSpec().schema.fields.get(1).type = "TEXT";
        assertThat(SourceValidator.validate(clicks)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.schema.fields[1].type");
            assertThat(p.message()).contains("unknown type TEXT");
        });
    }

    @Test
    void duplicateFieldNames() {
        Source clicks = source(CLICKS);
        clicks.getSpec().schema.fields.add(new FieldSpec("url", "STRING"));
        assertThat(SourceValidator.validate(clicks)).extracting(Problem::toString)
                .containsExactly("spec.schema.fields[3].name: field 'url' is declared twice: rename or remove one");
    }

    @Test
    void eventTimeMustBeATimestampField() {
        Source clicks = source(CLICKS);
        clicks.getSpec().schema.eventTime.field = "url";
        assertThat(SourceValidator.validate(clicks)).singleElement()
                .satisfies(p -> assertThat(p.toString()).isEqualTo("spec.schema.eventTime.field: field 'url' has"
                        + " type STRING; event time needs TIMESTAMP(p) or TIMESTAMP_LTZ(p)"));
        clicks.getSpec().schema.eventTime.field = "missing";
        assertThat(SourceValidator.validate(clicks)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("'missing' is not a field").contains("user_id"));
    }

    @Test
    void eventTimeMustBeKeptInMilliseconds() {
        Source clicks = source(CLICKS);
        clicks.getSpec().schema.fields.get(2).type = "TIMESTAMP";
        assertThat(SourceValidator.validate(clicks)).extracting(Problem::toString).containsExactly(
                "spec.schema.eventTime.field: field 'ts' has type TIMESTAMP, which Flink reads as precision 6; Flink"
                        + " keeps event time in milliseconds: declare it TIMESTAMP(3) or TIMESTAMP_LTZ(3)");
        for (String ok : List.of("TIMESTAMP(3)", "timestamp_ltz ( 3 )", "TIMESTAMP(0) NOT NULL",
                "TIMESTAMP(3) WITH LOCAL TIME ZONE")) {
            clicks.getSpec().schema.fields.get(2).type = ok;
            assertThat(SourceValidator.validate(clicks)).as(ok).isEmpty();
        }
        clicks.getSpec().schema.fields.get(2).type = "TIMESTAMP_LTZ(6)";
        assertThat(SourceValidator.validate(clicks)).extracting(Problem::field)
                .containsExactly("spec.schema.eventTime.field");
    }

    @Test
    void aGeneratorWritesEveryFormatAndNeedsAKeyForACompactedTopic() {
        Source clicks = source(CLICKS);
        clicks.getSpec().generator = new GeneratorSpec();
        for (RecordFormat format : List.of(RecordFormat.JSON, RecordFormat.CSV, RecordFormat.AVRO)) {
            clicks.getSpec().format = format;
            assertThat(SourceValidator.validate(clicks)).as(format.name()).isEmpty();
        }
        clicks.getSpec().topic.config = java.util.Map.of("cleanup.policy", "compact");
        assertThat(SourceValidator.validate(clicks)).extracting(Problem::toString).containsExactly(
                "spec.generator: a generator without a key writes records without keys, which a compacted topic"
                        + " (spec.topic.config cleanup.policy: compact) rejects: set generator.key to the fields that"
                        + " identify a record, set cleanup.policy to delete, or remove the generator");
        clicks.getSpec().generator.key = List.of("user_id");
        assertThat(SourceValidator.validate(clicks)).isEmpty();
        clicks.getSpec().generator.key = List.of("user_id", "nope", "user_id");
        assertThat(SourceValidator.validate(clicks)).extracting(Problem::toString).containsExactly(
                "spec.generator.key[1]: 'nope' is not a field of spec.schema: name one of [user_id, url, ts]",
                "spec.generator.key[2]: 'user_id' is in the key twice: remove one");
    }

    @Test
    void anIngestRequestLimitFitsTheInFlightBudget() {
        Source clicks = source(CLICKS);
        clicks.getSpec().ingest = new IngestSpec();
        clicks.getSpec().ingest.http = new HttpIngestSpec();
        clicks.getSpec().ingest.http.limits = new IngestLimitsSpec();
        clicks.getSpec().ingest.http.limits.maxRequestBytes = 8 * 1024 * 1024;
        assertThat(SourceValidator.validate(clicks)).isEmpty();
        clicks.getSpec().ingest.http.limits.maxInFlightBytes = 4 * 1024 * 1024;
        assertThat(SourceValidator.validate(clicks)).extracting(Problem::toString).containsExactly(
                "spec.ingest.http.limits.maxRequestBytes: maxRequestBytes must not exceed maxInFlightBytes (64 MiB"
                        + " when unset): a request larger than what the pod may hold could never be accepted");
    }

    @Test
    void eachFormatCarriesTheTypesItCan() {
        Source s = source(CLICKS);
        s.getSpec().schema.fields = List.of(new FieldSpec("tags", "ARRAY<STRING>"), new FieldSpec("at",
                "TIMESTAMP_LTZ(3)"), new FieldSpec("fine", "TIMESTAMP(6)"), new FieldSpec("counts", "MAP<INT, BIGINT>"),
                new FieldSpec("ts", "TIMESTAMP(3)"));
        s.getSpec().format = RecordFormat.CSV;
        assertThat(SourceValidator.validate(s)).extracting(Problem::toString).containsExactly(
                "spec.schema.fields[0].type: field 'tags' has type ARRAY<STRING>, which csv cannot carry: set format"
                        + " to json or avro",
                "spec.schema.fields[3].type: field 'counts' has type MAP<INT, BIGINT>, which csv cannot carry: set"
                        + " format to json or avro");
        s.getSpec().format = RecordFormat.AVRO;
        assertThat(SourceValidator.validate(s)).extracting(Problem::field).containsExactly(
                "spec.schema.fields[1].type", "spec.schema.fields[2].type", "spec.schema.fields[3].type");
        s.getSpec().format = RecordFormat.JSON;
        assertThat(SourceValidator.validate(s)).isEmpty();
    }

    @Test
    void generatorKindsMustFitTheirFieldsTypes() {
        Source s = source(CLICKS);
        s.getSpec().schema.fields = List.of(new FieldSpec("level", "TINYINT"), new FieldSpec("code", "CHAR(2)"),
                new FieldSpec("price", "DECIMAL(5, 2)"), new FieldSpec("tags", "ARRAY<STRING>"),
                new FieldSpec("day", "DATE"), new FieldSpec("id", "VARCHAR(10)"), new FieldSpec("ok", "BOOLEAN"),
                new FieldSpec("device", "STRING NOT NULL"), new FieldSpec("ts", "TIMESTAMP(3)"));
        s.getSpec().generator = new GeneratorSpec();
        s.getSpec().generator.fields = List.of(entry("level", GeneratorFieldSpec.Kind.RANDOM, 0L, 500L),
                oneOf("code", "AB", "ABC"), oneOf("price", "1.50", "1000.00"),
                entry("tags", GeneratorFieldSpec.Kind.SEQUENCE, null, null),
                entry("day", GeneratorFieldSpec.Kind.EVENT_TIME, null, null),
                entry("id", GeneratorFieldSpec.Kind.UUID, null, null), oneOf("ok", "true", "yes"));
        assertThat(SourceValidator.validate(s)).extracting(Problem::toString).containsExactly(
                "spec.generator.fields[0].max: field 'level' has type TINYINT: 500 is out of range for TINYINT: set"
                        + " min and max within it",
                "spec.generator.fields[1].values[1]: field 'code' has type CHAR(2): 'ABC' is longer than 2"
                        + " characters: change the value or the field's type",
                "spec.generator.fields[2].values[1]: field 'price' has type DECIMAL(5, 2): '1000.00' is out of range"
                        + " for DECIMAL(5, 2): change the value or the field's type",
                "spec.generator.fields[3].kind: field 'tags' has type ARRAY<STRING>, which the generator fills with"
                        + " values that fit it: use kind random (nullRatio still applies), or remove the entry",
                "spec.generator.fields[4].kind: field 'day' has type DATE, and kind eventTime fills TIMESTAMP,"
                        + " TIMESTAMP_LTZ, STRING or BIGINT (epoch milliseconds) fields: change the field's type or"
                        + " the entry's kind",
                "spec.generator.fields[5].kind: field 'id' has type VARCHAR(10), and a uuid is text of 36"
                        + " characters: declare the field STRING or VARCHAR(36), or use another kind",
                "spec.generator.fields[6].values[1]: field 'ok' has type BOOLEAN: 'yes' is not true or false: change"
                        + " the value or the field's type");
    }

    @Test
    void perAndLookupNameFieldsAndGoWithTheirKinds() {
        Source s = source(CLICKS);
        s.getSpec().generator = new GeneratorSpec();
        GeneratorFieldSpec url = oneOf("url", "/a", "/b");
        url.per = "user_id";
        s.getSpec().generator.fields = List.of(url);
        assertThat(SourceValidator.validate(s)).isEmpty();
        GeneratorFieldSpec user = entry("user_id", GeneratorFieldSpec.Kind.SEQUENCE, null, null);
        user.per = "ts";
        GeneratorFieldSpec lookup = entry("ts", GeneratorFieldSpec.Kind.LOOKUP, null, null);
        url.nullRatio = 0.5;
        s.getSpec().schema.fields.set(1, new FieldSpec("url", "STRING NOT NULL"));
        s.getSpec().generator.fields = List.of(url, user, lookup);
        assertThat(SourceValidator.validate(s)).extracting(Problem::toString).containsExactly(
                "spec.generator.fields[0].per: 'user_id' is itself drawn per another field: name that other field"
                        + " instead",
                "spec.generator.fields[0].nullRatio: field 'url' is NOT NULL, so a record with a null there would be"
                        + " a dead letter: set nullRatio to 0 or declare the field nullable",
                "spec.generator.fields[1].per: per draws one value for each value of another field: use it with kind"
                        + " random, oneOf or uuid",
                "spec.generator.fields[2].lookup: kind lookup needs lookup: {source, field}, the generated field"
                        + " whose values it takes",
                "spec.generator.fields[2].kind: field 'ts' has type TIMESTAMP(3), and kind lookup gives numbers: use"
                        + " it on a number or text field, or use kind random (values that fit the type)");
    }

    private static GeneratorFieldSpec entry(String name, GeneratorFieldSpec.Kind kind, Long min, Long max) {
        GeneratorFieldSpec g = new GeneratorFieldSpec();
        g.name = name;
        g.kind = kind;
        g.min = min;
        g.max = max;
        return g;
    }

    private static GeneratorFieldSpec oneOf(String name, String... values) {
        GeneratorFieldSpec g = entry(name, GeneratorFieldSpec.Kind.ONE_OF, null, null);
        g.values = List.of(values);
        return g;
    }

    @Test
    void badDurations() {
        Source clicks = source(CLICKS);
        clicks.getSpec().schema.eventTime.watermarkDelay = "5 seconds";
        assertThat(SourceValidator.validate(clicks)).extracting(Problem::field)
                .containsExactly("spec.schema.eventTime.watermarkDelay");
    }

    @Test
    void rawFormatCarriesExactlyOneColumn() {
        Source clicks = source(CLICKS);
        clicks.getSpec().format = RecordFormat.RAW;
        clicks.getSpec().schema.eventTime = null;
        assertThat(SourceValidator.validate(clicks)).extracting(Problem::field).containsExactly("spec.schema.fields");
        clicks.getSpec().schema.fields = List.of(new FieldSpec("line", "STRING"));
        assertThat(SourceValidator.validate(clicks)).isEmpty();
    }

    @Test
    void generatorFieldsNameSchemaFieldsAndNeedWhatTheirKindNeeds() {
        Source clicks = source(CLICKS);
        GeneratorFieldSpec unknown = new GeneratorFieldSpec();
        unknown.name = "nope";
        unknown.kind = GeneratorFieldSpec.Kind.RANDOM;
        GeneratorFieldSpec oneOf = new GeneratorFieldSpec();
        oneOf.name = "url";
        oneOf.kind = GeneratorFieldSpec.Kind.ONE_OF;
        GeneratorFieldSpec range = new GeneratorFieldSpec();
        range.name = "user_id";
        range.kind = GeneratorFieldSpec.Kind.SEQUENCE;
        range.min = 10L;
        range.max = 1L;
        clicks.getSpec().generator = new GeneratorSpec();
        clicks.getSpec().generator.ratePerSecond = 100;
        clicks.getSpec().generator.fields = List.of(unknown, oneOf, range);
        assertThat(SourceValidator.validate(clicks)).extracting(Problem::field).containsExactly(
                "spec.generator.fields[0].name", "spec.generator.fields[1].values", "spec.generator.fields[2].min");
    }
}
