package dev.tributary.api.validation;

import static dev.tributary.api.Fixtures.CLICKS;
import static dev.tributary.api.Fixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.FieldSpec;
import dev.tributary.api.v1alpha1.GeneratorFieldSpec;
import dev.tributary.api.v1alpha1.GeneratorSpec;
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
    void aGeneratorWritesJsonOrCsvWithoutKeys() {
        Source clicks = source(CLICKS);
        clicks.getSpec().generator = new GeneratorSpec();
        clicks.getSpec().format = RecordFormat.AVRO;
        assertThat(SourceValidator.validate(clicks)).extracting(Problem::toString).containsExactly(
                "spec.generator: a generator writes json and csv records only, and format is avro: set format to"
                        + " json or csv, or remove the generator");
        clicks.getSpec().format = RecordFormat.CSV;
        clicks.getSpec().topic.config = java.util.Map.of("cleanup.policy", "compact");
        assertThat(SourceValidator.validate(clicks)).extracting(Problem::toString).containsExactly(
                "spec.generator: a generator writes records without keys, which a compacted topic"
                        + " (spec.topic.config cleanup.policy: compact) rejects: set cleanup.policy to delete, or"
                        + " remove the generator");
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
