package dev.tributary.runtime.sink;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.RowType;

/**
 * The {@code tributary-counted} connector: any other sink connector (its options under {@code delegate.}), with a
 * counter of the records written in front of it, so every sink has the same metric under its own name whatever its
 * type: {@code tributary_sink_recordsOut{sink="..."}}; and with the sink's {@link SinkGuard} (options under
 * {@code guard.}), whose rejected rows go to the dead-letter topic (options under {@code dead-letters.}).
 */
public final class CountedSinkFactory implements DynamicTableSinkFactory {

    public static final String IDENTIFIER = "tributary-counted";
    public static final String DELEGATE_PREFIX = "delegate.";

    public static final ConfigOption<String> SINK_NAME = ConfigOptions.key("sink-name").stringType().noDefaultValue()
            .withDescription("The sink's name, as its metrics carry it.");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(SINK_NAME);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        Map<String, String> options = context.getCatalogTable().getOptions();
        String sinkName = options.get(SINK_NAME.key());
        Map<String, String> delegateOptions = new HashMap<>();
        options.forEach((k, v) -> {
            if (k.startsWith(DELEGATE_PREFIX)) {
                delegateOptions.put(k.substring(DELEGATE_PREFIX.length()), v);
            }
        });
        if (sinkName == null || !delegateOptions.containsKey(FactoryUtil.CONNECTOR.key())) {
            throw new IllegalArgumentException("a " + IDENTIFIER + " table needs '" + SINK_NAME.key() + "' and '"
                    + DELEGATE_PREFIX + FactoryUtil.CONNECTOR.key() + "'");
        }
        ResolvedCatalogTable delegateTable = context.getCatalogTable().copy(delegateOptions);
        DynamicTableSink delegate = FactoryUtil.createDynamicTableSink(null, context.getObjectIdentifier(),
                delegateTable, Map.of(), context.getConfiguration(), context.getClassLoader(), context.isTemporary());
        return new CountedTableSink(sinkName, delegate,
                (RowType) context.getPhysicalRowDataType().getLogicalType(), SinkGuard.fromOptions(options),
                SinkDeadLetters.fromOptions(options));
    }

    /** Options that make {@code delegateOptions} (a connector's own options) a counted sink named {@code sink}. */
    public static Map<String, String> wrap(String sink, Map<String, String> delegateOptions) {
        Map<String, String> options = new HashMap<>();
        options.put(FactoryUtil.CONNECTOR.key(), IDENTIFIER);
        options.put(SINK_NAME.key(), sink);
        delegateOptions.forEach((k, v) -> options.put(DELEGATE_PREFIX + k, v));
        return options;
    }
}
