package dev.tributary.runtime.ingest;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer settings of the ingest endpoint: idempotent, {@code acks=all}, a buffer bounded like the in-flight
 * bytes, and sends that fail after {@code max.block.ms} instead of waiting without end. Public so the benchmark's
 * bare producer uses exactly these.
 */
public final class IngestProducerSettings {

    private IngestProducerSettings() {
    }

    public static Properties of(Properties client, String clientId, long bufferBytes) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(bufferBytes));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return p;
    }
}
