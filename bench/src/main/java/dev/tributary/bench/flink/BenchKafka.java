package dev.tributary.bench.flink;

import dev.tributary.local.KafkaBrokerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The benchmark's broker, in its own JVM so its CPU is not counted against either side, and its clients. */
final class BenchKafka implements AutoCloseable {

    private final KafkaBrokerProcess broker;
    private final Admin admin;

    private BenchKafka(KafkaBrokerProcess broker) {
        this.broker = broker;
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        this.admin = Admin.create(p);
    }

    static BenchKafka start(Path dir) {
        return new BenchKafka(new KafkaBrokerProcess(dir, Map.of("transaction.max.timeout.ms", "900000")).start());
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    void createTopics(int partitions, String... names) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, partitions, (short) 1));
        }
        admin.createTopics(topics).all().get();
    }

    /** Deletes a run's topics, so that runs of tens of millions of records do not fill the disk (the broker's). */
    void deleteTopics(String... names) throws Exception {
        admin.deleteTopics(List.of(names)).all().get();
    }

    KafkaProducer<byte[], byte[]> producer(Map<String, Object> extra) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("linger.ms", "10");
        p.put("batch.size", String.valueOf(256 * 1024));
        p.putAll(extra);
        return new KafkaProducer<>(p);
    }

    KafkaConsumer<byte[], byte[]> consumer(String group, boolean readCommitted) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("group.id", group);
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        p.put("isolation.level", readCommitted ? "read_committed" : "read_uncommitted");
        p.put("max.poll.records", "5000");
        return new KafkaConsumer<>(p);
    }

    /** What a topic holds: its values, and when the last of them arrived here (System.nanoTime). */
    /**
     * What a read saw: the records, when the last arrived, the reader's own CPU (this thread's: the benchmark's
     * checking, which a run's CPU leaves out) and, when a count of 100 or more was asked for, the moment a tenth of
     * it had arrived,
     * from which a run's steady rate is counted (job start-up behind it).
     */
    record Output(List<String> values, long lastArrivalNanos, long readerCpuNanos, Mark tenth) {
    }

    /** A moment of a read: its time, the process's CPU then, and the reader's CPU until then. */
    record Mark(long nanos, long processCpuNanos, long readerCpuNanos) {
    }

    /**
     * Reads {@code topic} from the start until it holds {@code count} records (0: until nothing new came for
     * {@code quiet}), or until nothing new came for {@code quiet} after a first record, or {@code limit} passed.
     */
    Output read(String topic, int count, Duration quiet, Duration limit) {
        List<String> values = new ArrayList<>();
        long readerCpu0 = Cpu.threadNanos();
        long last = System.nanoTime();
        long start = last;
        Mark tenth = null;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("reader-" + topic + "-" + start, true)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (count == 0 || values.size() < count) {
                long now = System.nanoTime();
                if (now - start > limit.toNanos() || (!values.isEmpty() && now - last > quiet.toNanos())) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    values.add(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
                    last = System.nanoTime();
                }
                if (tenth == null && count >= 100 && values.size() >= count / 10) {
                    tenth = new Mark(System.nanoTime(), Cpu.processNanos(), Cpu.threadNanos() - readerCpu0);
                }
            }
        }
        return new Output(values, last, Cpu.threadNanos() - readerCpu0, tenth);
    }

    @Override
    public void close() {
        admin.close();
        broker.close();
    }
}
