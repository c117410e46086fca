package dev.tributary.runtime.sink;

import java.lang.reflect.Field;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.lineage.TypeDatasetFacet;
import org.apache.flink.connector.kafka.lineage.TypeDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.table.data.RowData;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of a Kafka table sink that writes only values, to one topic, partitioned by the producer: the value's
 * bytes in a record for that topic, as the connector's own serializer makes them, without what it does per record
 * for the cases it also covers (a stream over its topic set, a partition lookup for a partitioner it does not have).
 * Any other Kafka sink (a key, metadata columns, a topic pattern, a partitioner) keeps the connector's serializer.
 */
public final class PlainTopicRecords implements KafkaRecordSerializationSchema<RowData>, KafkaDatasetFacetProvider,
        TypeDatasetFacetProvider {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PlainTopicRecords.class);
    private static final String CONNECTOR_SERIALIZER =
            "org.apache.flink.streaming.connectors.kafka.table.DynamicKafkaRecordSerializationSchema";

    private final String topic;
    private final SerializationSchema<RowData> values;
    private final KafkaRecordSerializationSchema<RowData> connectors;

    private PlainTopicRecords(String topic, SerializationSchema<RowData> values,
            KafkaRecordSerializationSchema<RowData> connectors) {
        this.topic = topic;
        this.values = values;
        this.connectors = connectors;
    }

    /** {@code sink} with these records when it is a Kafka table sink they can stand in for; else {@code sink}. */
    @SuppressWarnings("unchecked")
    public static <IN> Sink<IN> simplify(Sink<IN> sink) {
        if (!(sink instanceof KafkaSink<?> kafka)) {
            return sink;
        }
        try {
            Field serializerField = KafkaSink.class.getDeclaredField("recordSerializer");
            serializerField.setAccessible(true);
            Object serializer = serializerField.get(kafka);
            if (!serializer.getClass().getName().equals(CONNECTOR_SERIALIZER)) {
                return sink;
            }
            Set<String> topics = (Set<String>) read(serializer, "topics");
            boolean plain = read(serializer, "keySerialization") == null
                    && read(serializer, "partitioner") == null
                    && read(serializer, "topicPattern") == null
                    && !(boolean) read(serializer, "hasMetadata")
                    && !(boolean) read(serializer, "upsertMode")
                    && topics != null && topics.size() == 1;
            if (plain) {
                serializerField.set(kafka, new PlainTopicRecords(topics.iterator().next(),
                        (SerializationSchema<RowData>) read(serializer, "valueSerialization"),
                        (KafkaRecordSerializationSchema<RowData>) serializer));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a connector version whose serializer looks otherwise: it keeps its own, which is correct, only slower
            LOG.info("The Kafka sink keeps its connector's record serializer: {}", e.toString());
        }
        return sink;
    }

    private static Object read(Object target, String field) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        return f.get(target);
    }

    /** The serializer of a Kafka sink, for tests. */
    static KafkaRecordSerializationSchema<?> of(KafkaSink<?> sink) throws ReflectiveOperationException {
        Field f = KafkaSink.class.getDeclaredField("recordSerializer");
        f.setAccessible(true);
        return (KafkaRecordSerializationSchema<?>) f.get(sink);
    }

    /** The connector's serializer these records stand in for. */
    KafkaRecordSerializationSchema<RowData> connectors() {
        return connectors;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext)
            throws Exception {
        values.open(context);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(RowData row, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, values.serialize(row));
    }

    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
        return ((KafkaDatasetFacetProvider) connectors).getKafkaDatasetFacet();
    }

    @Override
    public Optional<TypeDatasetFacet> getTypeDatasetFacet() {
        return ((TypeDatasetFacetProvider) connectors).getTypeDatasetFacet();
    }
}
