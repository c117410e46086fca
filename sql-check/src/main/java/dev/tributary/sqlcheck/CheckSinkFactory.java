package dev.tributary.sqlcheck;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * A sink for planning only: it takes what the real sink takes — inserts only (Kafka without keyFields, JDBC
 * without upsertKey, filesystem, webhook), or upserts on the primary key (Kafka with keyFields, JDBC with
 * upsertKey) — so the planner refuses a query whose updates the real sink could not write. Never run.
 */
public final class CheckSinkFactory implements DynamicTableSinkFactory {

    public static final String IDENTIFIER = "tributary-check";
    public static final ConfigOption<Boolean> UPSERT = ConfigOptions.key("upsert").booleanType().defaultValue(false);

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(UPSERT);
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        return new CheckSink(helper.getOptions().get(UPSERT));
    }

    private record CheckSink(boolean upsert) implements DynamicTableSink {

        @Override
        public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
            return upsert ? ChangelogMode.upsert() : ChangelogMode.insertOnly();
        }

        @Override
        public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
            return SinkV2Provider.of(new DiscardingSink<RowData>());
        }

        @Override
        public DynamicTableSink copy() {
            return new CheckSink(upsert);
        }

        @Override
        public String asSummaryString() {
            return upsert ? "upsert sink" : "append-only sink";
        }
    }
}
