package dev.tributary.bench.flink;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The floor of B3's latency: a {@code read_committed} consumer handing every record's bytes to a producer with
 * Kafka's default batching (linger.ms 5), on a thread of its own; no Flink, no parsing.
 */
final class CopyLoop implements AutoCloseable {

    private final Thread thread;
    private volatile boolean running = true;

    CopyLoop(BenchKafka kafka, String input, String output) {
        thread = new Thread(() -> copy(kafka, input, output), "copy-" + input);
        thread.setDaemon(true);
        thread.start();
    }

    private void copy(BenchKafka kafka, String input, String output) {
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer("copy-" + input, true);
                KafkaProducer<byte[], byte[]> producer = kafka.producer(Map.of("linger.ms", "5",
                        "batch.size", "16384"))) {
            consumer.subscribe(List.of(input));
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    producer.send(new ProducerRecord<>(output, r.key(), r.value()));
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
