package dev.tributary.runtime.generator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where a generator is in its sequence: the index of a record and its nominal event time. Every record
 * {@link GeneratorFeed} writes carries both as headers, so the topic itself says where the generator got to — also
 * after the process writing it was killed, when nothing could be saved.
 */
public record GeneratorPosition(long nextIndex, long nextEventTimeMs) {

    /** Header with the record's index in the generator's sequence (decimal). */
    public static final String INDEX_HEADER = "tributary.generator.index";
    /** Header with the record's nominal event time in epoch milliseconds (decimal), before any out-of-order delay. */
    public static final String TIME_HEADER = "tributary.generator.time";

    private static final Duration READ_LIMIT = Duration.ofSeconds(30);

    /**
     * What the topic says: the highest generator index in it and that record's nominal event time, and how many
     * records were ever written into it (its end offsets summed).
     */
    public record Written(long lastIndex, long lastEventTimeMs, long records) {

        /** Where to carry on, for a generator whose event time moves on {@code eventMsPerRecord} per record. */
        public GeneratorPosition next(double eventMsPerRecord) {
            return new GeneratorPosition(lastIndex + 1, lastEventTimeMs + (long) eventMsPerRecord);
        }
    }

    /**
     * Reads the last record of each partition of {@code topic}. Empty when the topic has no record; a
     * {@link Written} with {@code lastIndex} -1 when it has records but none carries the headers (written by
     * something else, or by a version of the generator that did not write them).
     */
    public static Optional<Written> lastWritten(String topic, Map<String, Object> kafkaClientConfig) {
        Map<String, Object> config = new HashMap<>(kafkaClientConfig);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_LIMIT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_LIMIT);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, READ_LIMIT);
            long records = 0;
            List<TopicPartition> nonEmpty = partitions.stream().filter(p -> ends.get(p) > begins.get(p)).toList();
            for (TopicPartition p : partitions) {
                records += ends.get(p);
            }
            if (nonEmpty.isEmpty()) {
                return Optional.empty();
            }
            consumer.assign(nonEmpty);
            // A few records back, in case the last offsets are not records (transaction markers).
            nonEmpty.forEach(p -> consumer.seek(p, Math.max(begins.get(p), ends.get(p) - 16)));
            long lastIndex = -1;
            long lastTime = 0;
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (nonEmpty.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the last records of topic " + topic
                            + " within " + READ_LIMIT.toSeconds() + "s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Long index = number(record.headers().lastHeader(INDEX_HEADER));
                    Long time = number(record.headers().lastHeader(TIME_HEADER));
                    if (index != null && time != null && index > lastIndex) {
                        lastIndex = index;
                        lastTime = time;
                    }
                }
            }
            return Optional.of(new Written(lastIndex, lastTime, records));
        }
    }

    static byte[] header(long value) {
        return Long.toString(value).getBytes(StandardCharsets.UTF_8);
    }

    private static Long number(Header header) {
        if (header == null || header.value() == null) {
            return null;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
