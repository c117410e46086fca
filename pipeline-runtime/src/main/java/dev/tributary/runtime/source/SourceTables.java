package dev.tributary.runtime.source;

import dev.tributary.api.plan.EventTimePlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SourcePlan;
import dev.tributary.runtime.deadletter.DeadLetter;
import dev.tributary.runtime.deadletter.DeadLetterFit;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * A source as a table: a Kafka source whose deserializer decodes each record (bad ones become dead letters), with
 * event time and per-partition watermarks (bounded out-of-orderness, idleness) set at the source, then a view of
 * the good rows whose event-time column is the rowtime attribute, carrying the source's watermarks.
 */
public final class SourceTables {

    static final String MAX_POLL_RECORDS = "max.poll.records";
    /**
     * Records a fetch hands to the task at once, unless the plan's Kafka client properties say otherwise: Kafka's 500 is
     * made for consumers that process between polls; here each hand-over to the task thread costs a wake-up.
     */
    static final int POLL_RECORDS = 2000;

    private SourceTables() {
    }

    /** Operator ids stay the same for the same source name, so savepoints and checkpoints map back onto them. */
    public static String sourceUid(String source) {
        return "source-" + source;
    }

    public static String decodeUid(String source) {
        return "decode-" + source;
    }

    /** The Kafka consumer group a pipeline reads with; offsets are committed on checkpoints, so lag is visible. */
    public static String groupId(String namespace, String pipeline) {
        return PipelinePlan.consumerGroup(namespace, pipeline);
    }

    /**
     * Registers {@code source} as a temporary view named like the source.
     *
     * @return the source's dead letters
     */
    public static DataStream<DeadLetter> register(StreamExecutionEnvironment env, StreamTableEnvironment tEnv,
            SourcePlan source, Properties kafka, String groupId, int maxRecordBytes, DeadLetterFit deadLetterFit) {
        Columns columns = Columns.of(source.fields());
        RowType rowType = columns.rowType();
        RecordDecoders.forFormat(source.format(), rowType);
        EventTimePlan eventTime = source.eventTime();
        int eventTimeIndex = -1;
        WatermarkStrategy<Either<RowData, DeadLetter>> watermarks = WatermarkStrategy.noWatermarks();
        if (eventTime != null) {
            eventTimeIndex = columns.indexOf(eventTime.field());
            if (eventTimeIndex < 0) {
                throw new IllegalArgumentException("source '" + source.name() + "': event-time field '"
                        + eventTime.field() + "' is not one of its fields");
            }
            LogicalType type = rowType.getTypeAt(eventTimeIndex);
            int precision = checkEventTimeType(source.name(), eventTime.field(), type);
            watermarks = WatermarkStrategy.<Either<RowData, DeadLetter>>forBoundedOutOfOrderness(
                            Duration.ofMillis(Math.max(0, eventTime.watermarkDelayMs())))
                    .withTimestampAssigner(new EventTimeAssigner(eventTimeIndex, precision));
            if (eventTime.idleTimeoutMs() != null && eventTime.idleTimeoutMs() > 0) {
                watermarks = watermarks.withIdleness(Duration.ofMillis(eventTime.idleTimeoutMs()));
            }
        }
        KafkaSource<Either<RowData, DeadLetter>> kafkaSource = KafkaSource.<Either<RowData, DeadLetter>>builder()
                .setProperties(consumerProperties(kafka, groupId, source.name()))
                .setTopics(source.topic())
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new DecodingDeserializer(source.name(), source.format(), columns, eventTimeIndex,
                        maxRecordBytes))
                .build();
        DataStream<Either<RowData, DeadLetter>> records = env
                .fromSource(kafkaSource, watermarks, "source: " + source.name())
                .uid(sourceUid(source.name()));
        SingleOutputStreamOperator<RowData> rows = records
                .process(new SplitDeadLetters(source.name(), eventTime != null, deadLetterFit), InternalTypeInfo.of(rowType))
                .name("decode: " + source.name())
                .uid(decodeUid(source.name()));
        Schema.Builder schema = Schema.newBuilder();
        if (eventTime != null) {
            schema.watermark(eventTime.field(), "SOURCE_WATERMARK()");
        }
        tEnv.createTemporaryView(quote(source.name()), tEnv.fromDataStream(rows, schema.build()));
        return rows.getSideOutput(SplitDeadLetters.DEAD_LETTERS);
    }

    /** What a source's consumer is given: the plan's client properties, and Tributary's settings for sources. */
    static Properties consumerProperties(Properties kafka, String groupId, String source) {
        Properties consumer = new Properties();
        consumer.putAll(kafka);
        consumer.setProperty("isolation.level", "read_committed");
        consumer.setProperty("partition.discovery.interval.ms", "60000");
        consumer.setProperty("client.id.prefix", groupId + "-" + source);
        consumer.putIfAbsent(MAX_POLL_RECORDS, String.valueOf(POLL_RECORDS));
        return consumer;
    }

    private static int checkEventTimeType(String source, String field, LogicalType type) {
        boolean timestamp = type.is(LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE)
                || type.is(LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
        int precision = timestamp ? LogicalTypeChecks.getPrecision(type) : -1;
        if (!timestamp || precision > 3) {
            throw new IllegalArgumentException("source '" + source + "': event-time field '" + field + "' is " + type
                    + "; Flink keeps event time in milliseconds: declare it TIMESTAMP(3) or TIMESTAMP_LTZ(3)");
        }
        return precision;
    }

    /** A table name as a SQL identifier: Kubernetes names may hold '-' and '.', which need back quotes. */
    public static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
