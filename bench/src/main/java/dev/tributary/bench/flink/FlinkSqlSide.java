package dev.tributary.bench.flink;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.TimestampType;

/**
 * What a user writes without Tributary: a {@code TableEnvironment} with Flink's defaults, Kafka tables with the
 * {@code json} format, the same SELECT. Only what equal output needs is set: the parallelism, the sink's timestamp
 * format (the runtime writes ISO-8601), and for exactly-once the checkpoint interval and the sink's guarantee.
 */
final class FlinkSqlSide implements Side {

    private final String bootstrapServers;
    private final int parallelism;
    private final boolean exactlyOnce;
    private final long checkpointMs;

    FlinkSqlSide(String bootstrapServers, int parallelism, boolean exactlyOnce, long checkpointMs) {
        this.bootstrapServers = bootstrapServers;
        this.parallelism = parallelism;
        this.exactlyOnce = exactlyOnce;
        this.checkpointMs = checkpointMs;
    }

    @Override
    public String name() {
        return "flink sql";
    }

    @Override
    public JobClient start(Workload workload, String outputTopic, String runId) throws Exception {
        return prepare(workload, outputTopic, runId).executeSql("INSERT INTO `out` " + workload.select()).getJobClient()
                .orElseThrow();
    }

    /** The tables declared, the INSERT not yet run. */
    TableEnvironment prepare(Workload workload, String outputTopic, String runId) {
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", String.valueOf(parallelism));
        if (exactlyOnce) {
            conf.setString("execution.checkpointing.interval", checkpointMs + " ms");
        }
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.newInstance().inStreamingMode()
                .withConfiguration(conf).build());
        tEnv.executeSql(source("bids", NexmarkData.BIDS, NexmarkData.BID_FIELDS, runId));
        if (workload.joinsAuctions()) {
            tEnv.executeSql(source("auctions", NexmarkData.AUCTIONS, NexmarkData.AUCTION_FIELDS, runId));
        }
        List<String> columns = new ArrayList<>();
        for (Column c : tEnv.sqlQuery(workload.select()).getResolvedSchema().getColumns()) {
            columns.add("`" + c.getName() + "` " + plain(c.getDataType().getLogicalType()).asSerializableString());
        }
        tEnv.executeSql("CREATE TABLE `out` (" + String.join(", ", columns) + ") WITH ('connector' = 'kafka',"
                + " 'topic' = '" + outputTopic + "', 'properties.bootstrap.servers' = '" + bootstrapServers
                + "', 'format' = 'json', 'json.timestamp-format.standard' = 'ISO-8601'"
                + (exactlyOnce ? ", 'sink.delivery-guarantee' = 'exactly-once', 'sink.transactional-id-prefix' = 'plain-"
                        + runId + "', 'properties.transaction.timeout.ms' = '600000'" : "")
                + ")");
        return tEnv;
    }

    private String source(String table, String topic, String fields, String runId) {
        return "CREATE TABLE " + table + " (" + fields + ", WATERMARK FOR ts AS ts - INTERVAL '3' SECOND) WITH ("
                + "'connector' = 'kafka', 'topic' = '" + topic + "', 'properties.bootstrap.servers' = '"
                + bootstrapServers + "', 'properties.group.id' = 'plain-" + runId + "',"
                + " 'scan.startup.mode' = 'earliest-offset', 'format' = 'json')";
    }

    /** A time attribute's type as a plain column type (a sink column cannot be a rowtime). */
    private static LogicalType plain(LogicalType type) {
        if (type instanceof TimestampType t) {
            return new TimestampType(t.isNullable(), t.getPrecision());
        }
        if (type instanceof LocalZonedTimestampType t) {
            return new LocalZonedTimestampType(t.isNullable(), t.getPrecision());
        }
        return type;
    }
}
