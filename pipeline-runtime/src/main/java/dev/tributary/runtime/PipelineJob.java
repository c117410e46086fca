package dev.tributary.runtime;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.plan.SourcePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.runtime.deadletter.DeadLetter;
import dev.tributary.runtime.deadletter.DeadLetterFit;
import dev.tributary.runtime.deadletter.DeadLetterSink;
import dev.tributary.runtime.query.AfterShuffleCatchers;
import dev.tributary.runtime.sink.DetachedSinks;
import dev.tributary.runtime.sink.KafkaSinkBatching;
import dev.tributary.runtime.sink.SinkColumn;
import dev.tributary.runtime.sink.SinkDeadLetters;
import dev.tributary.runtime.sink.SinkTables;
import dev.tributary.runtime.source.Columns;
import dev.tributary.runtime.source.SourceTables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.utils.DataTypeUtils;
import org.apache.flink.table.types.utils.TypeConversions;

/**
 * A pipeline's Flink job, built from its plan onto an execution environment: each source a view over its Kafka
 * topic (bad records to the dead-letter topic), each sink a table through its connector, and the pipeline's INSERT
 * statements as one statement set. Building does no I/O; {@link #start()} submits the job.
 */
public final class PipelineJob {

    /** What a sink table looks like, as the job writes it. */
    public record SinkTable(SinkPlan plan, List<SinkColumn> columns) {
    }

    private final PipelinePlan plan;
    private final StreamExecutionEnvironment env;
    private final StreamTableEnvironment tableEnv;
    private final List<SinkTable> sinkTables;
    private final List<SqlScript.Insert> inserts;

    private PipelineJob(PipelinePlan plan, StreamExecutionEnvironment env, StreamTableEnvironment tableEnv,
            List<SinkTable> sinkTables, List<SqlScript.Insert> inserts) {
        this.plan = plan;
        this.env = env;
        this.tableEnv = tableEnv;
        this.sinkTables = sinkTables;
        this.inserts = inserts;
    }

    /**
     * @param kafka Kafka client settings for sources, sinks and the dead-letter topic
     * @param maxRecordBytes a source record larger than this (key, value and headers) is a dead letter
     * @param deadLetterTransactionTimeout the dead-letter producer's transaction timeout (exactly-once)
     * @param deadLetterMaxBytes the dead-letter topic's effective max.message.bytes: larger dead letters are cut
     * @param topicMaxBytes the effective max.message.bytes of the sinks' topics (Kafka's default for one not in it),
     *     which bounds their producers' batches
     */
    public static PipelineJob build(PipelinePlan plan, StreamExecutionEnvironment env, Properties kafka,
            Secrets secrets, int maxRecordBytes, Duration deadLetterTransactionTimeout, int deadLetterMaxBytes,
            Map<String, Integer> topicMaxBytes) {
        if (plan.sources().isEmpty()) {
            throw new IllegalArgumentException("the plan has no sources: a pipeline reads at least one Source");
        }
        if (plan.deadLetterTopic() == null || plan.deadLetterTopic().isBlank()) {
            throw new IllegalArgumentException("the plan has no deadLetterTopic: bad records would have nowhere to go");
        }
        List<SqlScript.Insert> inserts = SqlScript.inserts(plan.sql());
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        DeliveryGuarantee guarantee = plan.checkpoints() == null ? DeliveryGuarantee.AT_LEAST_ONCE
                : plan.checkpoints().guarantee();

        String groupId = SourceTables.groupId(plan.namespace(), plan.name());
        DataStream<DeadLetter> deadLetters = null;
        for (SourcePlan source : plan.sources()) {
            DataStream<DeadLetter> d = SourceTables.register(env, tEnv, source, kafka, groupId, maxRecordBytes,
                    new DeadLetterFit(deadLetterMaxBytes));
            deadLetters = deadLetters == null ? d : deadLetters.union(d);
        }
        DeadLetterSink.attach(deadLetters, plan.deadLetterTopic(), kafka, guarantee,
                DeadLetterSink.transactionalIdPrefix(plan.namespace(), plan.name()), deadLetterTransactionTimeout,
                deadLetterMaxBytes);

        Map<String, SinkPlan> sinksByName = new LinkedHashMap<>();
        plan.sinks().forEach(s -> sinksByName.put(s.name(), s));
        Map<String, List<SinkColumn>> columns = new LinkedHashMap<>();
        for (SqlScript.Insert insert : inserts) {
            SinkPlan sink = sinksByName.get(insert.target());
            if (sink == null) {
                throw new IllegalArgumentException("statement " + insert.number() + " writes into '" + insert.target()
                        + "', which is not one of the pipeline's sinks " + sinksByName.keySet());
            }
            if (!columns.containsKey(sink.name())) {
                columns.put(sink.name(), sink.fields().isEmpty() ? queryColumns(tEnv, insert)
                        : declaredColumns(sink));
            }
        }
        List<SinkTable> sinkTables = new ArrayList<>();
        String jobKey = plan.namespace() + "/" + plan.name() + "/" + UUID.randomUUID();
        for (SinkPlan sink : plan.sinks()) {
            List<SinkColumn> sinkColumns = columns.get(sink.name());
            if (sinkColumns == null) {
                throw new IllegalArgumentException("sink '" + sink.name() + "' is never written: add an INSERT INTO "
                        + sink.name() + " statement or remove it from the pipeline's sinks");
            }
            Properties client = sink.kafka() == null ? kafka : KafkaSinkBatching.producer(kafka, sink.kafka(),
                    topicMaxBytes.getOrDefault(sink.kafka().topic(), TopicMessageLimit.KAFKA_DEFAULT));
            tEnv.createTemporaryTable(SourceTables.quote(sink.name()),
                    SinkTables.descriptor(sink, sinkColumns, guarantee, client, secrets, new SinkDeadLetters(
                            plan.deadLetterTopic(), kafka, guarantee, SinkDeadLetters.transactionalIdPrefix(
                                    plan.namespace(), plan.name(), sink.name()), deadLetterTransactionTimeout,
                            deadLetterMaxBytes, jobKey)));
            sinkTables.add(new SinkTable(sink, sinkColumns));
        }

        StreamStatementSet statements = tEnv.createStatementSet();
        for (SqlScript.Insert insert : inserts) {
            statements.addInsertSql(insert.text());
        }
        statements.attachAsDataStream();
        // the sinks' dead-letter producers, which the planner leaves out of what it attaches
        DetachedSinks.drain(jobKey).forEach(env::addOperator);
        // after the statements, through a producer of their own: a job without such operators keeps its graph and ids
        List<DataStream<DeadLetter>> query = AfterShuffleCatchers.insert(env, new DeadLetterFit(deadLetterMaxBytes));
        if (!query.isEmpty()) {
            DeadLetterSink.attach(query.get(0).union(query.subList(1, query.size()).toArray(DataStream[]::new)),
                    plan.deadLetterTopic(), kafka, guarantee,
                    DeadLetterSink.queryTransactionalIdPrefix(plan.namespace(), plan.name()),
                    deadLetterTransactionTimeout, deadLetterMaxBytes, DeadLetterSink.QUERY_UID,
                    "query dead letters: " + plan.deadLetterTopic());
        }
        return new PipelineJob(plan, env, tEnv, List.copyOf(sinkTables), inserts);
    }

    /** The columns a query produces, named by the INSERT's column list when it has one; time attributes dropped. */
    private static List<SinkColumn> queryColumns(StreamTableEnvironment tEnv, SqlScript.Insert insert) {
        ResolvedSchema schema;
        try {
            schema = tEnv.sqlQuery(insert.query()).getResolvedSchema();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("statement " + insert.number() + " (INSERT INTO " + insert.target()
                    + "): " + rootMessage(e), e);
        }
        List<Column> physical = schema.getColumns().stream().filter(Column::isPhysical).toList();
        if (!insert.columns().isEmpty() && insert.columns().size() != physical.size()) {
            throw new IllegalArgumentException("statement " + insert.number() + " lists " + insert.columns().size()
                    + " columns but its query produces " + physical.size());
        }
        List<SinkColumn> columns = new ArrayList<>();
        for (int i = 0; i < physical.size(); i++) {
            String name = insert.columns().isEmpty() ? physical.get(i).getName() : insert.columns().get(i);
            columns.add(new SinkColumn(name, DataTypeUtils.removeTimeAttribute(physical.get(i).getDataType())));
        }
        return columns;
    }

    private static List<SinkColumn> declaredColumns(SinkPlan sink) {
        Columns declared = Columns.of(sink.fields());
        List<SinkColumn> columns = new ArrayList<>();
        for (int i = 0; i < declared.size(); i++) {
            DataType type = TypeConversions.fromLogicalToDataType(declared.type(i));
            columns.add(new SinkColumn(declared.names()[i], type));
        }
        return columns;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.toString() : t.getMessage();
        return message.length() > 2000 ? message.substring(0, 2000) + "..." : message;
    }

    public PipelinePlan plan() {
        return plan;
    }

    public StreamExecutionEnvironment env() {
        return env;
    }

    public StreamTableEnvironment tableEnv() {
        return tableEnv;
    }

    public List<SinkTable> sinkTables() {
        return sinkTables;
    }

    /** The execution plan (the stream graph as JSON), for logs and tests. */
    public String executionPlan() {
        return env.getExecutionPlan();
    }

    /** Submits the job; returns once it is submitted. */
    public JobClient start() throws Exception {
        return env.executeAsync(plan.namespace() + "/" + plan.name());
    }
}
