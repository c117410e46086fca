package dev.tributary.runtime.deadletter;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The largest record batch the dead-letter topic takes: its effective {@code max.message.bytes} (the topic's own
 * setting, else the broker's {@code message.max.bytes}), asked from the cluster when the job is built.
 */
public final class DeadLetterTopicLimit {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterTopicLimit.class);
    /** Kafka's default {@code message.max.bytes}. */
    public static final int KAFKA_DEFAULT = 1048588;

    private DeadLetterTopicLimit() {
    }

    /** The topic's effective max.message.bytes; Kafka's default, with a warning, when the cluster does not say. */
    public static int maxMessageBytes(Properties kafka, String topic) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(props)) {
            Config config = admin.describeConfigs(List.of(resource)).all().get(20, TimeUnit.SECONDS).get(resource);
            ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (entry != null && entry.value() != null) {
                int value = Integer.parseInt(entry.value());
                LOG.info("Dead-letter topic {} takes records of up to {} bytes ({} from {}); larger dead letters are"
                        + " cut to fit", topic, value, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, entry.source());
                return value;
            }
        } catch (Exception e) {
            LOG.warn("Cannot read {} of the dead-letter topic {} ({}); assuming Kafka's default of {} bytes",
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, topic, e.toString(), KAFKA_DEFAULT);
            return KAFKA_DEFAULT;
        }
        LOG.warn("The cluster does not say {} of the dead-letter topic {}; assuming Kafka's default of {} bytes",
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, topic, KAFKA_DEFAULT);
        return KAFKA_DEFAULT;
    }
}
