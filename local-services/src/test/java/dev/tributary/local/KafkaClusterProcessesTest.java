package dev.tributary.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClusterProcessesTest {

    @TempDir
    Path dir;

    @Test
    void threeNodesReplicateSoAcknowledgedWritesSurviveTheLeadersKillAndTheNodeComesBack() throws Exception {
        try (KafkaClusterProcesses cluster = KafkaClusterProcesses.start(dir)) {
            cluster.createTopics(1, "t");
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
            assertThat(cluster.inSyncReplicasOf("t", 0)).containsExactlyInAnyOrder(1, 2, 3);
            try (KafkaProducer<String, String> producer = producer(cluster)) {
                producer.send(new ProducerRecord<>("t", "before")).get(30, TimeUnit.SECONDS);
                int leader = cluster.leaderOf("t", 0);
                cluster.kill(leader);
                assertThat(cluster.isRunning(leader)).isFalse();
                // RF 3, min ISR 2: a write with acks=all still succeeds with one node gone.
                producer.send(new ProducerRecord<>("t", "during")).get(60, TimeUnit.SECONDS);
                assertThat(cluster.leaderOf("t", 0)).isNotEqualTo(leader).isPositive();
                cluster.start(leader);
                assertThat(cluster.isRunning(leader)).isTrue();
                producer.send(new ProducerRecord<>("t", "after")).get(30, TimeUnit.SECONDS);
                awaitInSync(cluster, leader);
            }
            assertThat(consume(cluster, 3)).containsExactly("before", "during", "after");
        }
    }

    private static void awaitInSync(KafkaClusterProcesses cluster, int node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!cluster.inSyncReplicasOf("t", 0).contains(node)) {
            assertThat(System.nanoTime()).as("node %d back in sync within 60s", node).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static KafkaProducer<String, String> producer(KafkaClusterProcesses cluster) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", cluster.bootstrapServers(), "acks", "all",
                "enable.idempotence", "true"), new StringSerializer(), new StringSerializer());
    }

    private static List<String> consume(KafkaClusterProcesses cluster, int count) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers(), "group.id", "g", "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("t"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < count && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                records.forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
