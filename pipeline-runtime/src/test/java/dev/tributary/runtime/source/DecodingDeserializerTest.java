package dev.tributary.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.FieldPlan;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.runtime.deadletter.DeadLetter;
import dev.tributary.runtime.deadletter.DeadLetterKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DecodingDeserializerTest {

    private final DecodingDeserializer deserializer = new DecodingDeserializer("clicks", RecordFormat.JSON,
            Columns.of(List.of(new FieldPlan("n", "BIGINT NOT NULL"), new FieldPlan("ts", "TIMESTAMP(3)"))), 1, 100);

    private List<Either<RowData, DeadLetter>> deserialize(byte[] key, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("trace", "t-1".getBytes(StandardCharsets.UTF_8)));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("shop.clicks", 3, 42L, 1000L,
                TimestampType.CREATE_TIME, -1, -1, key, value, headers, Optional.empty());
        List<Either<RowData, DeadLetter>> out = new ArrayList<>();
        deserializer.deserialize(record, new Collector<>() {
            @Override
            public void collect(Either<RowData, DeadLetter> e) {
                out.add(e);
            }

            @Override
            public void close() {
            }
        });
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aGoodRecordBecomesARow() {
        List<Either<RowData, DeadLetter>> out = deserialize(null, utf8("{\"n\":1,\"ts\":\"2024-05-01T00:00:00\"}"));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).isLeft()).isTrue();
        assertThat(out.get(0).left().getLong(0)).isEqualTo(1);
    }

    @Test
    void aBadRecordBecomesADeadLetterKeepingEverythingAboutIt() {
        byte[] value = utf8("{\"n\":\"x\"}");
        DeadLetter d = deserialize(utf8("key"), value).get(0).right();
        assertThat(d.value).isEqualTo(value);
        assertThat(d.key).isEqualTo(utf8("key"));
        assertThat(d.topic).isEqualTo("shop.clicks");
        assertThat(d.partition).isEqualTo(3);
        assertThat(d.offset).isEqualTo(42);
        assertThat(d.timestamp).isEqualTo(1000);
        assertThat(d.source).isEqualTo("clicks");
        assertThat(d.headerKeys).containsExactly("trace");
        assertThat(d.headerValues[0]).isEqualTo(utf8("t-1"));
        assertThat(d.error).isEqualTo("column 'n': 'x' is not a valid BIGINT");
        assertThat(d.kind).isEqualTo(DeadLetterKind.INVALID);
    }

    @Test
    void nullValuesOversizeRecordsAndMissingEventTimesAreDeadLetters() {
        assertThat(deserialize(null, null).get(0).right().error).startsWith("null value");
        assertThat(deserialize(null, new byte[101]).get(0).right().error)
                .isEqualTo("record of 109 bytes (key 0, value 101, headers 8) exceeds the limit of 100 bytes"
                        + " (--max-record-bytes)");
        assertThat(deserialize(new byte[60], new byte[40]).get(0).right().error)
                .as("the key counts too").startsWith("record of 108 bytes (key 60, value 40, headers 8)");
        assertThat(deserialize(null, utf8("{\"n\":1}")).get(0).right().error)
                .isEqualTo("event-time field 'ts' is null");
    }

    @Test
    void eachDeadLetterSaysItsKind() {
        assertThat(deserialize(null, null).get(0).right().kind).isEqualTo(DeadLetterKind.TOMBSTONE);
        assertThat(deserialize(null, new byte[101]).get(0).right().kind).isEqualTo(DeadLetterKind.TOO_LARGE);
        assertThat(deserialize(null, utf8("{\"n\":1}")).get(0).right().kind).isEqualTo(DeadLetterKind.INVALID);
        assertThat(deserialize(null, utf8("{")).get(0).right().kind).isEqualTo(DeadLetterKind.INVALID);
    }
}
