package dev.tributary.runtime.source;

import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.runtime.deadletter.DeadLetter;
import dev.tributary.runtime.deadletter.DeadLetterKind;
import dev.tributary.runtime.query.RowErrors;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Decodes each Kafka record of a source into a row of its schema ({@code Left}), or, when it cannot, keeps the
 * record unchanged as a {@link DeadLetter} ({@code Right}) with the reason. Nothing a record contains can make it
 * throw: a bad record is data, not a failure.
 */
public final class DecodingDeserializer implements KafkaRecordDeserializationSchema<Either<RowData, DeadLetter>> {

    /** Errors quote parts of the record; keep the header small. */

    private final String source;
    private final RecordFormat format;
    private final Columns columns;
    private final int eventTimeIndex;
    private final int maxRecordBytes;
    private transient RecordDecoder decoder;

    /**
     * @param eventTimeIndex the event-time column, which must not be null in a good record, or -1
     * @param maxRecordBytes larger records (key, value and headers together) are dead letters
     */
    public DecodingDeserializer(String source, RecordFormat format, Columns columns, int eventTimeIndex,
            int maxRecordBytes) {
        this.source = source;
        this.format = format;
        this.columns = columns;
        this.eventTimeIndex = eventTimeIndex;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder = RecordDecoders.forFormat(format, columns.rowType());
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<RowData, DeadLetter>> out) {
        if (decoder == null) {
            open(null);
        }
        byte[] value = record.value();
        long size = recordBytes(record);
        if (value == null) {
            out.collect(Either.Right(deadLetter(record, "null value (tombstone): a source record needs a value",
                    DeadLetterKind.TOMBSTONE)));
        } else if (size > maxRecordBytes) {
            out.collect(Either.Right(deadLetter(record, "record of " + size + " bytes (key " + length(record.key())
                    + ", value " + value.length + ", headers " + headerBytes(record) + ") exceeds the limit of "
                    + maxRecordBytes + " bytes (--max-record-bytes)", DeadLetterKind.TOO_LARGE)));
        } else {
            RowData row;
            try {
                row = decoder.decode(value);
                if (eventTimeIndex >= 0 && row.isNullAt(eventTimeIndex)) {
                    throw new BadRecordException("event-time field '" + columns.names()[eventTimeIndex] + "' is null");
                }
            } catch (BadRecordException e) {
                out.collect(Either.Right(deadLetter(record, e.getMessage(), DeadLetterKind.INVALID)));
                return;
            } catch (RuntimeException e) {
                out.collect(Either.Right(deadLetter(record, "cannot decode: " + e, DeadLetterKind.INVALID)));
                return;
            }
            String queryError = sendOn(row, out);
            if (queryError != null) {
                out.collect(Either.Right(deadLetter(record, queryError, DeadLetterKind.QUERY)));
            }
        }
    }

    /**
     * Sends a good row on through the operators chained to the source (the query's expressions among them), and
     * returns the error when the row itself made the query fail, so that the record becomes a dead letter instead of
     * failing the job over and over on restore; every other failure fails the job.
     */
    private static String sendOn(RowData row, Collector<Either<RowData, DeadLetter>> out) {
        try {
            out.collect(Either.Left(row));
            return null;
        } catch (RuntimeException e) {
            return RowErrors.of(e).orElseThrow(() -> e).describe("the record");
        }
    }

    /** Key, value and headers (names and values): what a record weighs, Kafka's framing aside. */
    static long recordBytes(ConsumerRecord<byte[], byte[]> record) {
        return length(record.key()) + length(record.value()) + headerBytes(record);
    }

    private static long headerBytes(ConsumerRecord<byte[], byte[]> record) {
        long bytes = 0;
        for (Header h : record.headers()) {
            bytes += h.key().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + length(h.value());
        }
        return bytes;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, String error, DeadLetterKind kind) {
        DeadLetter d = new DeadLetter();
        d.source = source;
        d.topic = record.topic();
        d.partition = record.partition();
        d.offset = record.offset();
        d.timestamp = record.timestamp();
        d.key = record.key();
        d.value = record.value();
        List<String> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (Header h : record.headers()) {
            keys.add(h.key());
            values.add(h.value());
        }
        d.headerKeys = keys.toArray(String[]::new);
        d.headerValues = values.toArray(byte[][]::new);
        d.kind = kind;
        d.error = DeadLetter.errorText(error);
        return d;
    }

    @Override
    public TypeInformation<Either<RowData, DeadLetter>> getProducedType() {
        return new EitherTypeInfo<>(InternalTypeInfo.of(columns.rowType()), TypeInformation.of(DeadLetter.class));
    }
}
