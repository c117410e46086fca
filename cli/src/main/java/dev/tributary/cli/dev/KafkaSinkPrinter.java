package dev.tributary.cli.dev;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Prints the committed records of a Kafka sink's topic (read_committed, so exactly-once output shows when its
 * checkpoint completes), from the end of the topic as it was when dev started.
 */
final class KafkaSinkPrinter implements ResultWatcher {

    private final String sink;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DevConsole console;
    private final AtomicLong printed = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    KafkaSinkPrinter(String sink, String topic, Map<String, Object> kafka, DevConsole console) {
        this.sink = sink;
        this.console = console;
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
        thread = new Thread(this::run, "print-" + sink);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public String sink() {
        return sink;
    }

    @Override
    public long printed() {
        return printed.get();
    }

    private void run() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    console.result(sink, record.value() == null ? "(deleted) key "
                            + new String(record.key(), StandardCharsets.UTF_8)
                            : new String(record.value(), StandardCharsets.UTF_8));
                    printed.incrementAndGet();
                }
            }
        } catch (WakeupException | InterruptException stopping) {
            // closed
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
