package dev.tributary.runtime.generator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a generator's records into a topic at its rate, spread round-robin over the partitions (so every
 * partition's watermark advances) or, when they have a key, to their key's partition, until a limit or {@link #stop()}. Each record carries its index and nominal event
 * time as headers ({@link GeneratorPosition}), so a later run can carry on from the topic.
 */
public final class GeneratorFeed implements Runnable {

    private final RecordGenerator generator;
    private final String topic;
    private final Map<String, Object> kafka;
    private final int ratePerSecond;
    private final long limit;
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private volatile String firstRejection;
    private volatile boolean stopped;
    private volatile Exception failure;

    /** @param limit how many records to write; {@link Long#MAX_VALUE}: until stopped */
    public GeneratorFeed(RecordGenerator generator, String topic, Map<String, Object> kafkaClientConfig,
            int ratePerSecond, long limit) {
        this.generator = generator;
        this.topic = topic;
        this.kafka = Map.copyOf(kafkaClientConfig);
        this.ratePerSecond = ratePerSecond;
        this.limit = limit;
    }

    public long produced() {
        return produced.get();
    }

    /** Records the broker did not take (each send that failed), e.g. a record without key into a compacted topic. */
    public long rejected() {
        return rejected.get();
    }

    /** Why the first rejected record was refused; null when none was. */
    public String firstRejection() {
        return firstRejection;
    }

    /** Every record written, and the broker's answer to each received (taken or refused). */
    public boolean done() {
        return produced.get() >= limit && acknowledged.get() + rejected.get() >= produced.get();
    }

    public Exception failure() {
        return failure;
    }

    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // A record the broker refuses for good (e.g. larger than the topic's max.message.bytes, which the producer
        // retries by splitting its batch until it expires) is reported after 30 s, not Kafka's 2 minutes.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            List<?> partitions = producer.partitionsFor(topic);
            long start = System.nanoTime();
            while (!stopped && produced.get() < limit) {
                long due = Math.min(limit, (System.nanoTime() - start) * ratePerSecond / 1_000_000_000L + 1);
                while (produced.get() < due && !stopped) {
                    GeneratedRecord record = generator.next();
                    // keyed records go to their key's partition, as the Kafka clients put them
                    Integer partition = record.key() != null ? null : (int) (record.index() % partitions.size());
                    ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, partition, null, record.key(),
                            record.value());
                    out.headers().add(GeneratorPosition.INDEX_HEADER, GeneratorPosition.header(record.index()))
                            .add(GeneratorPosition.TIME_HEADER, GeneratorPosition.header(record.nominalTimeMs()));
                    producer.send(out, (metadata, e) -> {
                        if (e == null) {
                            acknowledged.incrementAndGet();
                        } else {
                            if (rejected.getAndIncrement() == 0) {
                                firstRejection = e.getClass().getSimpleName() + ": " + e.getMessage()
                                        + (e instanceof TimeoutException ? " (the broker took none of them in time:"
                                        + " records larger than the topic's max.message.bytes end this way, as do"
                                        + " records for a broker that is down)" : "");
                            }
                        }
                    });
                    produced.incrementAndGet();
                }
                Thread.sleep(5);
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
        }
    }
}
