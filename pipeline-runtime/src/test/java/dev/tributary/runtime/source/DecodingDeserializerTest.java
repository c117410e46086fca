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

    /** Deserializes a good record into operators downstream that fail with {@code failure}. */
    private List<Either<RowData, DeadLetter>> deserializeInto(RuntimeException failure) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("shop.clicks", 0, 7L, utf8("k"),
                utf8("{\"n\":1,\"ts\":\"2024-05-01T00:00:00\"}"));
        List<Either<RowData, DeadLetter>> out = new ArrayList<>();
        deserializer.deserialize(record, new Collector<>() {
            @Override
            public void collect(Either<RowData, DeadLetter> e) {
                if (e.isLeft()) {
                    throw failure;
                }
                out.add(e);
            }

            @Override
            public void close() {
            }
        });
        return out;
    }

    /** A failure as Flink's chaining hands it back: wrapped, thrown where {@code frames} say (innermost first). */
    static RuntimeException chained(RuntimeException cause, String... frames) {
        StackTraceElement[] stack = new StackTraceElement[frames.length];
        for (int i = 0; i < frames.length; i++) {
            int dot = frames[i].lastIndexOf('.');
            stack[i] = new StackTraceElement(frames[i].substring(0, dot), frames[i].substring(dot + 1), null, -1);
        }
        cause.setStackTrace(stack);
        RuntimeException wrapper = new RuntimeException("Could not forward element to next operator", cause);
        wrapper.setStackTrace(new StackTraceElement[] {new StackTraceElement(
                "org.apache.flink.streaming.runtime.tasks.CopyingChainingOutput", "pushToOperator", null, -1)});
        return wrapper;
    }

    @Test
    void aRecordTheQueryFailsOnIsAQueryDeadLetterNamingTheFailure() {
        RuntimeException failure = chained(new NumberFormatException("For input string: 'abc'"),
                "org.apache.flink.table.data.binary.BinaryStringDataUtil.toInt", "StreamExecCalc$12.processElement",
                "org.apache.flink.streaming.runtime.tasks.CopyingChainingOutput.pushToOperator");
        List<Either<RowData, DeadLetter>> out = deserializeInto(failure);
        assertThat(out).hasSize(1);
        DeadLetter d = out.get(0).right();
        assertThat(d.kind).isEqualTo(DeadLetterKind.QUERY);
        assertThat(d.offset).isEqualTo(7);
        assertThat(d.error).isEqualTo("the record made the query (StreamExecCalc) fail:"
                + " java.lang.NumberFormatException: For input string: 'abc'");
    }

    @Test
    void aFailureOfAnotherOperatorChainedAfterTheQueryStillFailsTheJob() {
        RuntimeException failure = chained(new IllegalStateException("Failed to send data to Kafka"),
                "org.apache.flink.connector.kafka.sink.KafkaWriter.checkAsyncException",
                "org.apache.flink.connector.kafka.sink.KafkaWriter.write",
                "org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperator.processElement",
                "org.apache.flink.streaming.runtime.tasks.CopyingChainingOutput.pushToOperator",
                "StreamExecCalc$12.processElement");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> deserializeInto(failure)).isSameAs(failure);
        RuntimeException interrupted = chained(new RuntimeException(new InterruptedException()),
                "org.apache.flink.streaming.runtime.tasks.StreamTask.cancel");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> deserializeInto(interrupted)).isSameAs(interrupted);
    }

    @Test
    void aNullInASinksKeyColumnIsTheRowsOwnFailure() {
        RuntimeException failure = chained(new RuntimeException("Column 'id' is NOT NULL, however, a null value is"
                + " being written into it."),
                "org.apache.flink.table.runtime.operators.sink.ConstraintEnforcer.processNotNullConstraint",
                "org.apache.flink.table.runtime.operators.sink.ConstraintEnforcer.processElement",
                "org.apache.flink.streaming.runtime.tasks.CopyingChainingOutput.pushToOperator");
        DeadLetter d = deserializeInto(failure).get(0).right();
        assertThat(d.kind).isEqualTo(DeadLetterKind.QUERY);
        assertThat(d.error).startsWith("the record made a sink's constraint fail: java.lang.RuntimeException: Column"
                + " 'id' is NOT NULL");
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
