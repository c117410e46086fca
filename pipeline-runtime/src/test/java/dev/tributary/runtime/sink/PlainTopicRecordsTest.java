package dev.tributary.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.KafkaSinkPlan;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.api.v1alpha1.SinkType;
import dev.tributary.runtime.Secrets;
import dev.tributary.runtime.commit.RecoveryAwareKafkaSink;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.types.Row;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Kafka sink that writes only values to one topic gets our records, the same records the connector makes. */
class PlainTopicRecordsTest {

    @TempDir
    Path dir;

    @Test
    void aValueOnlySinkWritesTheConnectorsRecordsAndAKeyedSinkKeepsTheConnectors() throws Exception {
        Map<String, KafkaRecordSerializationSchema<?>> serializers = serializersOfSinks();
        assertThat(serializers.get("plain")).isInstanceOf(PlainTopicRecords.class);
        assertThat(serializers.get("keyed")).isNotNull().isNotInstanceOf(PlainTopicRecords.class);

        PlainTopicRecords ours = (PlainTopicRecords) serializers.get("plain");
        assertThat(ours.getTypeDatasetFacet()).isEqualTo(((org.apache.flink.connector.kafka.lineage
                .TypeDatasetFacetProvider) ours.connectors()).getTypeDatasetFacet());
        // as the job graph carries it to the TaskManagers
        ours = org.apache.flink.util.InstantiationUtil.clone(ours);
        KafkaRecordSerializationSchema<RowData> connectors = ours.connectors();
        ours.open(context(), sinkContext());
        connectors.open(context(), sinkContext());
        List<RowData> rows = List.of(GenericRowData.of(1L, StringData.fromString("apple")),
                GenericRowData.of(-7L, null), GenericRowData.of(null, StringData.fromString("naïve \"q\" 日本 😀")));
        for (RowData row : rows) {
            ProducerRecord<byte[], byte[]> expected = connectors.serialize(row, sinkContext(), null);
            ProducerRecord<byte[], byte[]> actual = ours.serialize(row, sinkContext(), null);
            assertThat(actual.topic()).isEqualTo("shop.plain").isEqualTo(expected.topic());
            assertThat(actual.partition()).isEqualTo(expected.partition()).isNull();
            assertThat(actual.key()).isEqualTo(expected.key()).isNull();
            assertThat(actual.timestamp()).isEqualTo(expected.timestamp());
            assertThat(actual.headers().toArray()).isEqualTo(expected.headers().toArray());
            assertThat(new String(actual.value(), java.nio.charset.StandardCharsets.UTF_8)).as("row %s", row)
                    .isEqualTo(new String(expected.value(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(ours.getKafkaDatasetFacet()).isEqualTo(((org.apache.flink.connector.kafka.lineage
                .KafkaDatasetFacetProvider) connectors).getKafkaDatasetFacet());
    }

    /** The record serializer of each Kafka sink of a job writing to a value-only sink and a keyed one. */
    private Map<String, KafkaRecordSerializationSchema<?>> serializersOfSinks() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        tEnv.createTemporaryView("src", tEnv.fromValues(DataTypes.ROW(DataTypes.FIELD("id", DataTypes.BIGINT()),
                DataTypes.FIELD("name", DataTypes.STRING())), Row.of(1L, "a")));
        Properties kafka = new Properties();
        kafka.setProperty("bootstrap.servers", "127.0.0.1:9");
        List<SinkColumn> columns = List.of(new SinkColumn("id", DataTypes.BIGINT()),
                new SinkColumn("name", DataTypes.STRING()));
        StreamStatementSet statements = tEnv.createStatementSet();
        for (String name : List.of("plain", "keyed")) {
            SinkPlan sink = new SinkPlan(name, SinkType.KAFKA, new KafkaSinkPlan("shop." + name, RecordFormat.JSON,
                    name.equals("keyed") ? List.of("name") : List.of(), 900_000, "tributary-shop-p-" + name), null,
                    null, null, List.of());
            tEnv.createTemporaryTable(name, SinkTables.descriptor(sink, columns, DeliveryGuarantee.EXACTLY_ONCE,
                    kafka, new Secrets(dir), null));
            statements.addInsertSql("INSERT INTO " + name + " SELECT id, name FROM src"
                    + (name.equals("keyed") ? " WHERE name IS NOT NULL" : ""));
        }
        statements.attachAsDataStream();
        Map<String, KafkaRecordSerializationSchema<?>> serializers = new LinkedHashMap<>();
        for (StreamNode node : env.getStreamGraph(false).getStreamNodes()) {
            if (node.getOperatorFactory() instanceof SinkWriterOperatorFactory<?, ?> writer
                    && writer.getSink() instanceof RecoveryAwareKafkaSink<?> sink) {
                serializers.put(node.getOperatorName().replace(": Writer", ""), PlainTopicRecords.of(sink.kafkaSink()));
            }
        }
        return serializers;
    }

    private static SerializationSchema.InitializationContext context() {
        return new SerializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup();
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(PlainTopicRecordsTest.class.getClassLoader());
            }
        };
    }

    private static KafkaRecordSerializationSchema.KafkaSinkContext sinkContext() {
        return new KafkaRecordSerializationSchema.KafkaSinkContext() {
            @Override
            public int getParallelInstanceId() {
                return 0;
            }

            @Override
            public int getNumberOfParallelInstances() {
                return 1;
            }

            @Override
            public int[] getPartitionsForTopic(String topic) {
                return new int[] {0, 1};
            }
        };
    }
}
