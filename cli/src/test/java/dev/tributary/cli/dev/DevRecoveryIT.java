package dev.tributary.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.local.KafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tributary dev} when things go wrong: a run killed with SIGKILL and run again, a second run on a folder in
 * use, bad records and SIGTERM. Each run is a child JVM on a real broker.
 */
class DevRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_LIMIT = Duration.ofMinutes(4);
    private static final Path WORK = Path.of("target", "dev-recovery-it").toAbsolutePath();
    private static final String SOURCE_TOPIC = "it.orders";

    @BeforeAll
    static void clean() throws IOException {
        TestFiles.delete(WORK);
    }

    @Test
    void aKilledRunIsCarriedOnWithoutDuplicatesAndASecondRunOnTheFolderIsRefusedAtOnce() throws Exception {
        Path dir = folder("killed");
        long killedAfterMs;
        try (DevProcess first = DevProcess.start(WORK, dir.toString(), "--rate", "400")) {
            first.awaitLine("generator: ", RUN_LIMIT);
            long started = System.nanoTime();
            Thread.sleep(6000);
            first.kill();
            killedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        }

        long next;
        try (DevProcess second = DevProcess.start(WORK, dir.toString(), "--max-records", "1500", "--rate", "400")) {
            second.awaitLine("generator: ", RUN_LIMIT);
            long startedThird = System.nanoTime();
            try (DevProcess third = DevProcess.start(WORK, dir.toString())) {
                int code = third.exitCode(Duration.ofSeconds(30));
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedThird);
                assertThat(code).as(third.describe()).isEqualTo(1);
                assertThat(tookMs).as("the second run on the folder exits at once").isLessThan(5000);
                assertThat(third.stderr()).as(third.describe()).anyMatch(l -> l.contains(
                        "another tributary dev run (pid " + second.pid() + ") is using " + dir));
            }
            Matcher carrying = Pattern.compile("carrying on from record (\\d+)").matcher(String.join("\n",
                    second.stdout()));
            assertThat(carrying.find()).as(second.describe()).isTrue();
            next = Long.parseLong(carrying.group(1));
            assertThat(next).as("records the killed run wrote").isGreaterThan(400);
            assertThat(second.exitCode(RUN_LIMIT)).as(second.describe()).isZero();
            assertThat(second.stdout()).anyMatch(l -> l.startsWith("done: all 1500 generated records read"));
        }

        List<JsonNode> records = sourceRecords(dir);
        Set<Long> ids = new HashSet<>();
        List<Long> duplicates = new ArrayList<>();
        long maxId = -1;
        for (JsonNode r : records) {
            long id = r.get("id").asLong();
            if (!ids.add(id)) {
                duplicates.add(id);
            }
            maxId = Math.max(maxId, id);
        }
        assertThat(duplicates).as("ids written twice").isEmpty();
        assertThat(maxId).as("the second run carried the sequence on").isEqualTo(next + 1499);
        assertThat(ids.stream().filter(id -> id >= next).count()).isEqualTo(1500);
        assertThat(ids.stream().filter(id -> id < next).count()).as("the killed run's records")
                .isBetween(next - 100, next);

        // --rate 400 against a declared 20/s: event time must keep the clock's pace, not run 20 times ahead.
        List<Long> firstRunTimes = records.stream().filter(r -> r.get("id").asLong() < next)
                .map(r -> epochMs(r.get("ts").asText())).sorted().toList();
        long eventSpanMs = firstRunTimes.get(firstRunTimes.size() - 1) - firstRunTimes.get(0);
        assertThat(eventSpanMs).as("event time covered by the killed run, which wrote for ~%d ms", killedAfterMs)
                .isLessThanOrEqualTo(killedAfterMs + 2000);
    }

    @Test
    void sigtermIsNamedAndTheSummaryCountsTheDeadLettersCommittedToTheTopic() throws Exception {
        Path dir = folder("sigterm");
        try (DevProcess dev = DevProcess.start(WORK, dir.toString(), "--rate", "50")) {
            dev.awaitLine("generator: ", RUN_LIMIT);
            Map<String, Object> kafka = Map.of("bootstrap.servers", "127.0.0.1:" + devState(dir).getProperty(
                    "kafka.port"));
            try (Admin admin = Admin.create(kafka);
                    KafkaProducer<String, String> producer = new KafkaProducer<>(kafka, new StringSerializer(),
                            new StringSerializer())) {
                String deadLetterTopic = admin.listTopics().names().get().stream()
                        .filter(t -> t.endsWith(".dlq")).findFirst().orElseThrow();
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>(SOURCE_TOPIC, "not json " + i)).get();
                }
                awaitCommitted(kafka, deadLetterTopic, 5, dev);
            }
            dev.terminate();
            assertThat(dev.exitCode(Duration.ofMinutes(1))).as(dev.describe()).isEqualTo(143);
            String stopped = dev.stdout().stream().filter(l -> l.startsWith("stopped: ")).findFirst().orElse(null);
            assertThat(stopped).as(dev.describe()).isNotNull().startsWith("stopped: SIGTERM")
                    .contains(", 5 dead letters.");
        }
    }

    /** Waits until {@code topic} holds {@code expected} committed records (read_committed). */
    private static void awaitCommitted(Map<String, Object> kafka, String topic, int expected, DevProcess dev)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int count = 0;
        while (System.nanoTime() < deadline) {
            count = readAll(kafka, topic, true).size();
            if (count >= expected) {
                assertThat(count).as("committed records in " + topic).isEqualTo(expected);
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(topic + " has " + count + " committed records, not " + expected + "\n"
                + dev.describe());
    }

    /** The source topic's records, read from the broker's data after dev has ended. */
    private static List<JsonNode> sourceRecords(Path dir) throws Exception {
        Properties state = devState(dir);
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve(".tributary/kafka"),
                Integer.parseInt(state.getProperty("kafka.port")),
                Integer.parseInt(state.getProperty("kafka.controllerPort")), Map.of())) {
            List<JsonNode> records = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : readAll(broker.clientConfig(), SOURCE_TOPIC, false)) {
                records.add(JSON.readTree(r.value()));
            }
            return records;
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(Map<String, Object> kafka, String topic,
            boolean committedOnly) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static long epochMs(String timestamp) {
        return LocalDateTime.parse(timestamp.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static Properties devState(Path dir) throws IOException {
        Properties state = new Properties();
        try (Reader reader = Files.newBufferedReader(dir.resolve(".tributary/dev.properties"))) {
            state.load(reader);
        }
        return state;
    }

    private static Path folder(String name) throws IOException {
        Path dir = WORK.resolve(name);
        Files.createDirectories(dir);
        try (InputStream yaml = DevRecoveryIT.class.getResourceAsStream("/dev-recovery/orders.yaml")) {
            Files.write(dir.resolve("orders.yaml"), yaml.readAllBytes());
        }
        return dir;
    }

}
