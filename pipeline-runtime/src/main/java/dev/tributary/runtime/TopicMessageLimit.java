package dev.tributary.runtime;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The largest record batch a topic takes: its effective {@code max.message.bytes} (the topic's own setting, else the
 * broker's {@code message.max.bytes}), asked from the cluster when the job is built, for the topics a job writes.
 */
public final class TopicMessageLimit {

    private static final Logger LOG = LoggerFactory.getLogger(TopicMessageLimit.class);
    /** Kafka's default {@code message.max.bytes}. */
    public static final int KAFKA_DEFAULT = 1048588;

    private TopicMessageLimit() {
    }

    /**
     * Each topic's effective max.message.bytes, asked in one request; Kafka's default, with a warning, for a topic the
     * cluster does not say it of.
     */
    public static Map<String, Integer> maxMessageBytes(Properties kafka, Collection<String> topics) {
        Map<String, Integer> limits = new LinkedHashMap<>();
        List<ConfigResource> resources = new LinkedHashSet<>(topics).stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        try (Admin admin = Admin.create(props)) {
            Map<ConfigResource, KafkaFuture<Config>> answers = admin.describeConfigs(resources).values();
            for (ConfigResource resource : resources) {
                limits.put(resource.name(), limit(resource.name(), answers.get(resource)));
            }
        } catch (RuntimeException e) {
            LOG.warn("Cannot read {} of topics {} ({}); assuming Kafka's default of {} bytes",
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, topics, e.toString(), KAFKA_DEFAULT);
            resources.forEach(r -> limits.putIfAbsent(r.name(), KAFKA_DEFAULT));
        }
        return limits;
    }

    private static int limit(String topic, KafkaFuture<Config> answer) {
        try {
            ConfigEntry entry = answer.get(20, TimeUnit.SECONDS).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (entry != null && entry.value() != null) {
                int value = Integer.parseInt(entry.value());
                LOG.info("Topic {} takes record batches of up to {} bytes ({} from {})", topic, value,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, entry.source());
                return value;
            }
            LOG.warn("The cluster does not say {} of topic {}; assuming Kafka's default of {} bytes",
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, topic, KAFKA_DEFAULT);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Cannot read {} of topic {} ({}); assuming Kafka's default of {} bytes",
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, topic, e.toString(), KAFKA_DEFAULT);
        }
        return KAFKA_DEFAULT;
    }
}
