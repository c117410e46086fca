package dev.tributary.runtime.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes records into the Source's topic with an idempotent producer and {@code acks=all}: a batch's future
 * completes when every record is acknowledged by all in-sync replicas, or fails with the first error. The
 * producer's buffer is bounded like the in-flight bytes, and a full buffer or missing metadata fails a send after
 * {@code max.block.ms} instead of waiting without end.
 */
final class KafkaWriter implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    KafkaWriter(Properties client, String topic, long bufferBytes) {
        Properties p = IngestProducerSettings.of(client, "tributary-ingest-" + topic, bufferBytes);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    CompletableFuture<Void> write(List<byte[]> values) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(values.size());
        AtomicReference<Exception> failure = new AtomicReference<>();
        try {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                    if (pending.decrementAndGet() == 0) {
                        if (failure.get() == null) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(failure.get());
                        }
                    }
                });
            }
        } catch (RuntimeException e) {
            // records already handed over still complete through their callbacks; the batch fails either way
            done.completeExceptionally(e);
        }
        return done;
    }

    /** True once the topic's partitions are known, i.e. Kafka is reachable and the topic exists. */
    boolean topicKnown() {
        try {
            return !producer.partitionsFor(topic).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(20));
    }
}
