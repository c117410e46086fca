package dev.tributary.runtime.sink;

import dev.tributary.api.plan.FilesystemSinkPlan;
import dev.tributary.api.plan.JdbcSinkPlan;
import dev.tributary.api.plan.KafkaSinkPlan;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.plan.WebhookSinkPlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.runtime.Secrets;
import dev.tributary.runtime.format.JsonFormatFactory;
import dev.tributary.runtime.webhook.WebhookTableSinkFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * A sink as a table, through the Flink connector for its type: Kafka ({@code kafka}, or {@code upsert-kafka} when
 * it has key fields), JDBC ({@code jdbc}, upserting on its key), filesystem ({@code filesystem}), webhook (ours,
 * {@code tributary-webhook}). Pure: the plan and the columns in, a table descriptor out.
 */
public final class SinkTables {

    private SinkTables() {
    }

    /**
     * The sink's table: its connector, wrapped so that the records it writes are counted under its name, and rows
     * that do not fit its declared column types go to {@code deadLetters} instead (see {@link SinkGuard}).
     */
    public static TableDescriptor descriptor(SinkPlan sink, List<SinkColumn> columns, DeliveryGuarantee guarantee,
            Properties kafka, Secrets secrets, SinkDeadLetters deadLetters) {
        TableDescriptor connector = connector(sink, columns, guarantee, kafka, secrets);
        TableDescriptor.Builder counted = TableDescriptor.forConnector(CountedSinkFactory.IDENTIFIER)
                .schema(connector.getSchema().orElseThrow());
        Map<String, String> options = new HashMap<>(CountedSinkFactory.wrap(sink.name(), connector.getOptions()));
        options.putAll(SinkGuard.of(columns).options());
        if (deadLetters != null) {
            options.putAll(deadLetters.options());
        }
        options.forEach((k, v) -> {
            if (!k.equals("connector")) {
                counted.option(k, v);
            }
        });
        return counted.build();
    }

    /** The sink's table through its connector alone. */
    public static TableDescriptor connector(SinkPlan sink, List<SinkColumn> columns, DeliveryGuarantee guarantee,
            Properties kafka, Secrets secrets) {
        return switch (sink.type()) {
            case KAFKA -> kafka(sink.name(), sink.kafka(), columns, guarantee, kafka);
            case JDBC -> jdbc(sink.name(), sink.jdbc(), columns, secrets);
            case FILESYSTEM -> filesystem(sink.filesystem(), columns);
            case WEBHOOK -> webhook(sink.webhook(), columns, secrets);
        };
    }

    /**
     * The columns as Flink sees them: {@link SinkGuard#relaxed} (no length limit, nullable but for the key), so that
     * the planner's INSERT neither cuts a string to a declared length nor drops a row with a null; the guard holds
     * the rows to the declared types instead, and dead-letters what does not fit.
     */
    static Schema schema(List<SinkColumn> columns, List<String> primaryKey) {
        Schema.Builder schema = Schema.newBuilder();
        for (SinkColumn c : columns) {
            schema.column(c.name(), writtenType(c, primaryKey));
        }
        if (!primaryKey.isEmpty()) {
            for (String key : primaryKey) {
                if (columns.stream().noneMatch(c -> c.name().equals(key))) {
                    throw new IllegalArgumentException("key column '" + key + "' is not among the sink's columns "
                            + columns.stream().map(SinkColumn::name).toList());
                }
            }
            schema.primaryKey(primaryKey);
        }
        return schema.build();
    }

    /**
     * The rows as the sink's format writes them (Avro's schema and Parquet's are derived from it): for reading a
     * sink's output back with the same types, as {@code tributary dev} does to print it.
     */
    public static RowType writtenRowType(SinkPlan sink, List<SinkColumn> columns) {
        List<String> key = sink.kafka() != null ? sink.kafka().keyFields()
                : sink.jdbc() != null ? sink.jdbc().upsertKey() : List.of();
        return (RowType) DataTypes.ROW(columns.stream().map(c -> DataTypes.FIELD(c.name(), writtenType(c, key)))
                .toList()).notNull().getLogicalType();
    }

    private static DataType writtenType(SinkColumn column, List<String> primaryKey) {
        DataType relaxed = SinkGuard.relaxed(column.type());
        return primaryKey.contains(column.name()) ? relaxed.notNull() : relaxed;
    }

    static TableDescriptor kafka(String name, KafkaSinkPlan plan, List<SinkColumn> columns,
            DeliveryGuarantee guarantee, Properties kafka) {
        boolean upsert = !plan.keyFields().isEmpty();
        TableDescriptor.Builder table = TableDescriptor.forConnector(upsert ? "upsert-kafka" : "kafka")
                .schema(schema(columns, plan.keyFields()))
                .option("topic", plan.topic());
        kafka.forEach((k, v) -> table.option("properties." + k, String.valueOf(v)));
        // JSON through our own writer: the bytes of Flink's json format with formatOptions' settings, written
        // without the Jackson tree that format builds per row
        String format = plan.format() == RecordFormat.JSON ? JsonFormatFactory.IDENTIFIER : formatName(plan.format());
        if (upsert) {
            table.option("key.format", JsonFormatFactory.IDENTIFIER);
            table.option("value.format", format);
        } else {
            table.option("format", format);
        }
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            table.option("sink.delivery-guarantee", "exactly-once");
            table.option("sink.transactional-id-prefix", plan.transactionalIdPrefix());
            table.option("properties.transaction.timeout.ms", String.valueOf(plan.transactionTimeoutMs()));
        } else {
            table.option("sink.delivery-guarantee", "at-least-once");
        }
        return table.build();
    }

    private static String formatName(RecordFormat format) {
        return format.name().toLowerCase(Locale.ROOT);
    }

    private static void formatOptions(TableDescriptor.Builder table, String prefix, RecordFormat format) {
        if (format == RecordFormat.JSON) {
            table.option(prefix + ".timestamp-format.standard", "ISO-8601");
            table.option(prefix + ".encode.decimal-as-plain-number", "true");
        }
    }

    static TableDescriptor jdbc(String name, JdbcSinkPlan plan, List<SinkColumn> columns, Secrets secrets) {
        TableDescriptor.Builder table = TableDescriptor.forConnector("jdbc")
                .schema(schema(columns, plan.upsertKey()))
                .option("url", plan.url())
                .option("table-name", plan.table())
                .option("sink.buffer-flush.max-rows", String.valueOf(Math.max(1, plan.batchSize())))
                .option("sink.buffer-flush.interval", plan.flushIntervalMs() + " ms")
                .option("sink.max-retries", "5");
        if (plan.credentials() != null) {
            table.option("username", secrets.username(plan.credentials()));
            table.option("password", secrets.password(plan.credentials()));
        }
        return table.build();
    }

    static TableDescriptor filesystem(FilesystemSinkPlan plan, List<SinkColumn> columns) {
        String format = plan.format().name().toLowerCase(Locale.ROOT);
        Duration roll = Duration.ofMillis(Math.max(1000, plan.rollIntervalMs()));
        Duration check = roll.compareTo(Duration.ofMinutes(1)) < 0 ? roll : Duration.ofMinutes(1);
        TableDescriptor.Builder table = TableDescriptor.forConnector("filesystem")
                .schema(schema(columns, List.of()))
                .option("path", plan.path())
                .option("format", format)
                .option("sink.rolling-policy.rollover-interval", roll.toMillis() + " ms")
                .option("sink.rolling-policy.check-interval", check.toMillis() + " ms");
        if (format.equals("json")) {
            formatOptions(table, "json", RecordFormat.JSON);
        }
        return table.build();
    }

    static TableDescriptor webhook(WebhookSinkPlan plan, List<SinkColumn> columns, Secrets secrets) {
        TableDescriptor.Builder table = TableDescriptor.forConnector(WebhookTableSinkFactory.IDENTIFIER)
                .schema(schema(columns, List.of()))
                .option(WebhookTableSinkFactory.URL, plan.url())
                .option(WebhookTableSinkFactory.MAX_RETRIES, plan.maxRetries())
                .option(WebhookTableSinkFactory.TIMEOUT, Duration.ofMillis(plan.timeoutMs()))
                .format("json");
        formatOptions(table, "json", RecordFormat.JSON);
        if (plan.authorization() != null) {
            table.option(WebhookTableSinkFactory.AUTHORIZATION_FILE,
                    secrets.path(plan.authorization().secretName(), plan.authorization().key()).toString());
        }
        return table.build();
    }
}
