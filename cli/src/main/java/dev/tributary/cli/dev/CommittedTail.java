package dev.tributary.cli.dev;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows the committed records of a topic (read_committed, so records of transactions a failed job attempt
 * aborted never show) from its end as it was when dev started, counting them and handing each on.
 */
final class CommittedTail implements AutoCloseable {

    private static final Duration CATCH_UP = Duration.ofSeconds(3);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Consumer<ConsumerRecord<byte[], byte[]>> onRecord;
    private final AtomicLong count = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    CommittedTail(String name, String topic, Map<String, Object> kafka,
            Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
        this.onRecord = onRecord;
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** How many committed records arrived since dev started. */
    long count() {
        return count.get();
    }

    private void run() {
        try {
            while (!closed) {
                take(consumer.poll(Duration.ofMillis(200)));
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), CATCH_UP);
            long deadline = System.nanoTime() + CATCH_UP.toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                take(consumer.poll(Duration.ofMillis(200)));
            }
        } catch (WakeupException | InterruptException stopping) {
            // closed
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void take(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            onRecord.accept(record);
            count.incrementAndGet();
        }
    }

    /** Reads what is committed by now (for a few seconds at most), then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(CATCH_UP.toMillis() + 2000);
            if (thread.isAlive()) {
                consumer.wakeup();
                thread.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
