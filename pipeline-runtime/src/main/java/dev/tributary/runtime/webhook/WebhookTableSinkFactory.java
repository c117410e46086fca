package dev.tributary.runtime.webhook;

import java.time.Duration;
import java.util.Set;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;

/** The {@code tributary-webhook} table connector: one HTTP POST per row, for alerts. */
public final class WebhookTableSinkFactory implements DynamicTableSinkFactory {

    public static final String IDENTIFIER = "tributary-webhook";

    public static final ConfigOption<String> URL = ConfigOptions.key("url").stringType().noDefaultValue()
            .withDescription("Where rows are POSTed.");
    public static final ConfigOption<Integer> MAX_RETRIES = ConfigOptions.key("max-retries").intType().defaultValue(5)
            .withDescription("Retries of a POST that failed with a connection error, a timeout, 408, 429 or 5xx.");
    public static final ConfigOption<Duration> TIMEOUT = ConfigOptions.key("timeout").durationType()
            .defaultValue(Duration.ofSeconds(10)).withDescription("Timeout of one POST.");
    public static final ConfigOption<Duration> INITIAL_BACKOFF = ConfigOptions.key("initial-backoff").durationType()
            .defaultValue(Duration.ofMillis(200)).withDescription("Wait before the first retry; doubles each time.");
    public static final ConfigOption<Duration> MAX_BACKOFF = ConfigOptions.key("max-backoff").durationType()
            .defaultValue(Duration.ofSeconds(30)).withDescription("Longest wait between retries.");
    public static final ConfigOption<String> AUTHORIZATION_FILE = ConfigOptions.key("authorization-file").stringType()
            .noDefaultValue().withDescription("A file (a mounted Secret key) whose content is sent as the"
                    + " Authorization header; read by the task, so the value never enters the job graph.");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(URL, FactoryUtil.FORMAT);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(MAX_RETRIES, TIMEOUT, INITIAL_BACKOFF, MAX_BACKOFF, AUTHORIZATION_FILE);
    }

    @Override
    public WebhookTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        EncodingFormat<SerializationSchema<RowData>> format =
                helper.discoverEncodingFormat(SerializationFormatFactory.class, FactoryUtil.FORMAT);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        WebhookSettings settings = new WebhookSettings(context.getObjectIdentifier().getObjectName(),
                options.get(URL), options.get(MAX_RETRIES), options.get(TIMEOUT), options.get(INITIAL_BACKOFF),
                options.get(MAX_BACKOFF), options.getOptional(AUTHORIZATION_FILE).orElse(null));
        return new WebhookTableSink(settings, format, context.getPhysicalRowDataType());
    }
}
