package dev.tributary.runtime.deadletter;

import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.runtime.commit.RecoveryAwareKafkaSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes dead letters to the pipeline's dead-letter topic: the original key, value, timestamp and headers, plus
 * headers naming the source, topic, partition, offset and the error. Transactional under exactly-once, so a dead
 * letter is in the topic exactly once, like every good record in the sinks.
 */
public final class DeadLetterSink {

    public static final String UID = "dead-letter-sink";

    private DeadLetterSink() {
    }

    /** The uid of the producer of the rows the query failed on after a shuffle ({@code RowFailureCatcher}). */
    public static final String QUERY_UID = "query-dead-letter-sink";

    public static String transactionalIdPrefix(String namespace, String pipeline) {
        return "tributary-" + namespace + "-" + pipeline + "-dead-letters";
    }

    public static String queryTransactionalIdPrefix(String namespace, String pipeline) {
        return "tributary-" + namespace + "-" + pipeline + "-query-dead-letters";
    }

    /**
     * @param maxMessageBytes the largest record batch the topic takes (its effective {@code max.message.bytes});
     *     dead letters were cut to fit it ({@link DeadLetterFit}), and the producer sends nothing larger
     */
    public static void attach(DataStream<DeadLetter> deadLetters, String topic, Properties kafka,
            DeliveryGuarantee guarantee, String transactionalIdPrefix, Duration transactionTimeout,
            int maxMessageBytes) {
        attach(deadLetters, topic, kafka, guarantee, transactionalIdPrefix, transactionTimeout, maxMessageBytes, UID,
                "dead letters: " + topic);
    }

    /** The same, as its own operator: a sink's dead letters, under their own uid and transactional id prefix. */
    public static DataStreamSink<DeadLetter> attach(DataStream<DeadLetter> deadLetters, String topic,
            Properties kafka, DeliveryGuarantee guarantee, String transactionalIdPrefix, Duration transactionTimeout,
            int maxMessageBytes, String uid, String name) {
        Properties producer = producerProperties(kafka, transactionTimeout, maxMessageBytes);
        KafkaSink<DeadLetter> sink = KafkaSink.<DeadLetter>builder()
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(new Serializer(topic))
                .setDeliveryGuarantee(guarantee == DeliveryGuarantee.EXACTLY_ONCE
                        ? org.apache.flink.connector.base.DeliveryGuarantee.EXACTLY_ONCE
                        : org.apache.flink.connector.base.DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .build();
        return deadLetters.sinkTo(RecoveryAwareKafkaSink.of(sink)).name(name).uid(uid);
    }

    static Properties producerProperties(Properties kafka, Duration transactionTimeout, int maxMessageBytes) {
        Properties producer = new Properties();
        producer.putAll(kafka);
        producer.setProperty("transaction.timeout.ms", String.valueOf(transactionTimeout.toMillis()));
        // A fitted dead letter's size upper bound is at most maxMessageBytes: the producer accepts it, and a batch of
        // several never grows past what the broker takes.
        producer.setProperty("max.request.size", String.valueOf(maxMessageBytes));
        int batchSize = Integer.parseInt(producer.getProperty("batch.size", "16384"));
        producer.setProperty("batch.size", String.valueOf(Math.min(batchSize, maxMessageBytes)));
        return producer;
    }

    static final class Serializer implements KafkaRecordSerializationSchema<DeadLetter> {

        private final String topic;

        Serializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(topic, null, d.timestamp >= 0 ? d.timestamp : null, d.key, d.value,
                    headers(d));
        }

        /** The original headers, then Tributary's. */
        static RecordHeaders headers(DeadLetter d) {
            RecordHeaders headers = new RecordHeaders();
            if (d.headerKeys != null) {
                for (int i = 0; i < d.headerKeys.length; i++) {
                    headers.add(new RecordHeader(d.headerKeys[i], d.headerValues[i]));
                }
            }
            if (d.sink != null) {
                headers.add(header(DeadLetter.HEADER_SINK, d.sink));
                if (d.column != null) {
                    headers.add(header(DeadLetter.HEADER_SINK_COLUMN, d.column));
                }
            } else if (d.operator != null) {
                headers.add(header(DeadLetter.HEADER_QUERY_OPERATOR, d.operator));
                headers.add(header(DeadLetter.HEADER_ROW_KIND, d.rowKind));
            } else {
                headers.add(header(DeadLetter.HEADER_SOURCE, d.source));
                headers.add(header(DeadLetter.HEADER_TOPIC, d.topic));
                headers.add(header(DeadLetter.HEADER_PARTITION, String.valueOf(d.partition)));
                headers.add(header(DeadLetter.HEADER_OFFSET, String.valueOf(d.offset)));
                headers.add(header(DeadLetter.HEADER_TIMESTAMP, String.valueOf(d.timestamp)));
            }
            headers.add(header(DeadLetter.HEADER_ERROR, d.error));
            if (d.valueSize >= 0) {
                headers.add(header(DeadLetter.HEADER_VALUE_SIZE, String.valueOf(d.valueSize)));
            }
            if (d.valueTruncated) {
                headers.add(header(DeadLetter.HEADER_VALUE_TRUNCATED, "true"));
            }
            if (d.keyTruncated) {
                headers.add(header(DeadLetter.HEADER_KEY_TRUNCATED, "true"));
                headers.add(header(DeadLetter.HEADER_KEY_SIZE, String.valueOf(d.keySize)));
            }
            if (d.droppedHeaders != null) {
                headers.add(header(DeadLetter.HEADER_HEADERS_DROPPED, d.droppedHeaders));
                headers.add(header(DeadLetter.HEADER_HEADERS_SIZE, String.valueOf(d.headersSize)));
            }
            return headers;
        }

        private static RecordHeader header(String key, String value) {
            return new RecordHeader(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
