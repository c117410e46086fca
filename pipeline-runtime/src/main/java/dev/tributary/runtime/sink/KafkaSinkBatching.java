package dev.tributary.runtime.sink;

import dev.tributary.api.plan.KafkaSinkPlan;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer batch size of a Kafka sink. A sink is written at the source's pace, and Kafka's 16 KB batch holds about
 * a hundred JSON records: a sink without key fields gets batches of up to 128 KB, an eighth of the produce requests,
 * at no cost in latency ({@code linger.ms} still sends a part batch after 5 ms). Never more than the topic's
 * {@code max.message.bytes}: the broker refuses a larger batch, and the producer would split it into batches of the
 * same size again (so a keyed sink gets that cap too). A keyed sink keeps Kafka's 16 KB otherwise, since its records open
 * a batch in every partition at once and each holds {@code batch.size} of the producer's 32 MB buffer. A batch.size
 * the client properties set is kept, but capped at the topic's limit too (and the log says so): above it the sink
 * would stop for good.
 */
public final class KafkaSinkBatching {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSinkBatching.class);

    static final String BATCH_SIZE = "batch.size";
    /** The batch size of a sink without key fields on a topic that takes it. */
    static final int PLAIN_SINK_BATCH_BYTES = 128 * 1024;
    /** Kafka's default batch size, which a keyed sink keeps on a topic that takes it. */
    static final int KAFKA_BATCH_BYTES = 16 * 1024;

    private KafkaSinkBatching() {
    }

    /** The client properties for the sink's producer; {@code kafka} itself is left as it is. */
    public static Properties producer(Properties kafka, KafkaSinkPlan sink, int topicMaxMessageBytes) {
        Properties producer = new Properties();
        producer.putAll(kafka);
        int limit = Math.max(1, topicMaxMessageBytes);
        String set = kafka.getProperty(BATCH_SIZE);
        if (set == null) {
            int wanted = sink.keyFields().isEmpty() ? PLAIN_SINK_BATCH_BYTES : KAFKA_BATCH_BYTES;
            producer.setProperty(BATCH_SIZE, String.valueOf(Math.min(wanted, limit)));
        } else if (parsed(set) > limit) {
            LOG.warn("{}={} in the Kafka client properties is more than topic {} takes (max.message.bytes {}): the"
                    + " sink uses {}, since the broker would refuse every full batch", BATCH_SIZE, set.trim(),
                    sink.topic(), limit, limit);
            producer.setProperty(BATCH_SIZE, String.valueOf(limit));
        }
        return producer;
    }

    /** The client's own value; one Kafka would refuse is left for Kafka to refuse, naming it. */
    private static long parsed(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
