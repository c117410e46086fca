package dev.tributary.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.plan.FieldPlan;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.formats.avro.AvroRowDataSerializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;

class OtherFormatsTest {

    private static RowType rowType(String... nameTypes) {
        FieldPlan[] fields = new FieldPlan[nameTypes.length / 2];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = new FieldPlan(nameTypes[2 * i], nameTypes[2 * i + 1]);
        }
        return Columns.of(List.of(fields)).rowType();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void csvReadsQuotedFieldsNullsAndTypesInDeclaredOrder() throws Exception {
        CsvDecoder csv = new CsvDecoder(rowType("id", "BIGINT NOT NULL", "name", "STRING", "note", "STRING",
                "ts", "TIMESTAMP(3)"));
        RowData row = csv.decode(utf8("7,\"Smith, \"\"J\"\"\",,2024-05-01 10:00:00\r\n"));
        assertThat(row.getLong(0)).isEqualTo(7);
        assertThat(row.getString(1).toString()).isEqualTo("Smith, \"J\"");
        assertThat(row.isNullAt(2)).isTrue();
        assertThat(row.getTimestamp(3, 3).toLocalDateTime()).isEqualTo(LocalDateTime.of(2024, 5, 1, 10, 0));
        assertThat(csv.decode(utf8("8,\"\",x,")).getString(1).toString()).as("quoted empty is the empty string").isEmpty();
    }

    @Test
    void csvRefusesWrongFieldCountsMissingRequiredValuesBadQuotingAndBadUtf8() {
        CsvDecoder csv = new CsvDecoder(rowType("id", "BIGINT NOT NULL", "name", "STRING"));
        assertThatThrownBy(() -> csv.decode(utf8("1,a,b"))).hasMessage("expected 2 CSV fields, found 3");
        assertThatThrownBy(() -> csv.decode(utf8(",a"))).hasMessage("required field 'id' is empty");
        assertThatThrownBy(() -> csv.decode(utf8("1,\"open"))).hasMessage("unterminated quoted CSV field");
        assertThatThrownBy(() -> csv.decode(utf8("x,a"))).hasMessage("column 'id': 'x' is not a valid BIGINT");
        assertThatThrownBy(() -> csv.decode(new byte[] {'1', ',', (byte) 0xFF})).hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> new CsvDecoder(rowType("tags", "ARRAY<STRING>")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("csv cannot carry");
    }

    @Test
    void rawIsTheWholeValueAsTextOrBytes() throws Exception {
        assertThat(new RawDecoder(rowType("line", "STRING")).decode(utf8("héllo")).getString(0).toString())
                .isEqualTo("héllo");
        assertThat(new RawDecoder(rowType("blob", "BYTES")).decode(new byte[] {(byte) 0xFF}).getBinary(0))
                .containsExactly(0xFF);
        assertThatThrownBy(() -> new RawDecoder(rowType("line", "STRING")).decode(new byte[] {(byte) 0xFF}))
                .isInstanceOf(BadRecordException.class);
        assertThatThrownBy(() -> new RawDecoder(rowType("a", "STRING", "b", "STRING")))
                .hasMessageContaining("exactly one field");
    }

    @Test
    void avroReadsWhatFlinksAvroFormatWritesAndRefusesGarbage() throws Exception {
        RowType type = rowType("id", "BIGINT NOT NULL", "name", "STRING", "ts", "TIMESTAMP(3)");
        AvroRowDataSerializationSchema writer = new AvroRowDataSerializationSchema(type);
        writer.open(new SerializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup();
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
            }
        });
        byte[] bytes = writer.serialize(GenericRowData.of(5L, StringData.fromString("five"),
                TimestampData.fromLocalDateTime(LocalDateTime.of(2024, 5, 1, 0, 0, 5))));
        AvroDecoder avro = new AvroDecoder(type);
        RowData row = avro.decode(bytes);
        assertThat(row.getLong(0)).isEqualTo(5);
        assertThat(row.getString(1).toString()).isEqualTo("five");
        assertThat(row.getTimestamp(2, 3).toLocalDateTime()).isEqualTo(LocalDateTime.of(2024, 5, 1, 0, 0, 5));
        assertThatThrownBy(() -> avro.decode(new byte[] {(byte) 0x81, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}))
                .isInstanceOf(BadRecordException.class).hasMessageStartingWith("malformed Avro");
    }
}
