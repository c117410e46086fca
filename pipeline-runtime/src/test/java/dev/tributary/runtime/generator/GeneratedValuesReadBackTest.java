package dev.tributary.runtime.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.plan.FieldPlan;
import dev.tributary.api.v1alpha1.GeneratorSpec;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.runtime.source.BadRecordException;
import dev.tributary.runtime.source.Columns;
import dev.tributary.runtime.source.RecordDecoder;
import dev.tributary.runtime.source.RecordDecoders;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;

/**
 * Generated values for every type a Source can declare, nested ones included, read back by the runtime's own
 * decoder for each format: no record is bad, and the decoder reads exactly the values written.
 */
class GeneratedValuesReadBackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ANCHOR = 1_700_000_000_123L;

    @Test
    void jsonCarriesEveryTypeAndTheDecoderReadsBackWhatWasWritten() throws Exception {
        readsBack(RecordFormat.JSON, EveryType.of(EveryType.SCALARS, EveryType.FINE_TIMES, EveryType.NESTED,
                EveryType.JSON_ONLY));
    }

    @Test
    void avroCarriesEveryTypeFlinksAvroFormatHas() throws Exception {
        readsBack(RecordFormat.AVRO, EveryType.of(EveryType.SCALARS, EveryType.NESTED));
    }

    @Test
    void csvCarriesEveryScalarType() throws Exception {
        readsBack(RecordFormat.CSV, EveryType.of(EveryType.SCALARS, EveryType.FINE_TIMES));
    }

    @Test
    void rawCarriesItsOneTextOrBytesField() throws Exception {
        readsBack(RecordFormat.RAW, List.of(new FieldPlan("line", "STRING")));
        readsBack(RecordFormat.RAW, List.of(new FieldPlan("payload", "BYTES")));
    }

    @Test
    void textAndNumbersFitTheirDeclaredLengthsAndRanges() throws Exception {
        RecordGenerator generator = new RecordGenerator(spec(), EveryType.SCALARS, RecordFormat.JSON, 3, ANCHOR, 0);
        for (int n = 0; n < 300; n++) {
            JsonNode record = JSON.readTree(generator.next().value());
            assertThat(record.get("c").asText()).hasSize(3);
            assertThat(record.get("vc").asText()).hasSizeBetween(1, 2);
            assertThat(record.get("dec2").decimalValue().abs()).isLessThan(java.math.BigDecimal.ONE);
            assertThat(record.get("t").asInt()).isBetween(-128, 127);
            assertThat(java.util.Base64.getDecoder().decode(record.get("bin").asText())).hasSize(4);
            assertThat(java.util.Base64.getDecoder().decode(record.get("vb").asText())).hasSizeBetween(1, 3);
            assertThat(record.get("ts0").asText()).endsWith(".000");
        }
    }

    /**
     * Decodes each record with the runtime's decoder and writes what it read as JSON: that must be the JSON record the
     * same seed generates, so the decoder read exactly the values the generator drew.
     */
    private static void readsBack(RecordFormat format, List<FieldPlan> fields) throws Exception {
        RowType rowType = Columns.of(fields).rowType();
        RecordDecoder decoder = RecordDecoders.forFormat(format, rowType);
        JsonRecordEncoder asJson = new JsonRecordEncoder(rowType);
        RecordGenerator generator = new RecordGenerator(spec(), fields, format, 11, ANCHOR, 0);
        RecordGenerator again = new RecordGenerator(spec(), fields, format, 11, ANCHOR, 0);
        RecordGenerator reference = new RecordGenerator(spec(), fields, RecordFormat.JSON, 11, ANCHOR, 0);
        for (int n = 0; n < 500; n++) {
            GeneratedRecord record = generator.next();
            assertThat(again.next().value()).as("the same seed gives the same bytes").isEqualTo(record.value());
            RowData read;
            try {
                read = decoder.decode(record.value());
            } catch (BadRecordException e) {
                throw new AssertionError(format + " record " + n + " is a dead letter: " + e.getMessage(), e);
            }
            // as trees: a map's entries come back in any order
            assertThat(JSON.readTree(asJson.encode(generic(read, rowType))))
                    .as("%s record %d as read by the runtime", format, n).isEqualTo(JSON.readTree(reference.next().value()));
        }
    }

    private static GenericRowData generic(RowData row, RowType rowType) {
        GenericRowData copy = new GenericRowData(rowType.getFieldCount());
        for (int i = 0; i < rowType.getFieldCount(); i++) {
            copy.setField(i, RowData.createFieldGetter(rowType.getTypeAt(i), i).getFieldOrNull(row));
        }
        return copy;
    }

    private static GeneratorSpec spec() {
        GeneratorSpec spec = new GeneratorSpec();
        spec.ratePerSecond = 100;
        return spec;
    }
}
