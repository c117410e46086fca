package dev.tributary.operator.topic.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.v1alpha1.DeletionPolicy;
import dev.tributary.local.KafkaBroker;
import dev.tributary.operator.topic.plan.DesiredTopic;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Many reconcile threads creating topics through one {@link TopicCreationBatcher}, against a real KRaft broker. */
class TopicCreationBatcherIT {

    private static KafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(Files.createTempDirectory("topic-creations"));
        admin = broker.admin();
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void fiftyThreadsCreateThreeHundredTopicsInFewRequestsEachAsItsSpecSays() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        TopicCreationBatcher batcher = new TopicCreationBatcher(topics -> {
            requests.incrementAndGet();
            return admin.createTopics(topics).values();
        });
        TopicAdmin topics = new KafkaTopicAdmin(admin, batcher, broker.bootstrapServers(), Duration.ofSeconds(60));
        ExecutorService threads = Executors.newFixedThreadPool(50);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                DesiredTopic desired = topic("many-" + i, 1 + i % 3, Map.of("retention.ms", String.valueOf(60_000 + i)));
                done.add(threads.submit(() -> topics.create(desired)));
                if (i % 100 == 0) {
                    // the same name asked twice at once: the second is told it exists, which create() accepts
                    done.add(threads.submit(() -> topics.create(desired)));
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }

        // the broker learns of a created topic from the controller a moment after the answer
        List<String> names = java.util.stream.IntStream.range(0, 300).mapToObj(i -> "many-" + i).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.listTopics().names().get().containsAll(names));
        Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
        assertThat(described).hasSize(300);
        for (int i = 0; i < 300; i++) {
            assertThat(described.get("many-" + i).partitions()).as("partitions of many-" + i).hasSize(1 + i % 3);
            assertThat(topics.describe("many-" + i).orElseThrow().topicConfigs())
                    .containsEntry("retention.ms", String.valueOf(60_000 + i));
        }
        assertThat(requests.get()).as("CreateTopics requests for 303 asks").isBetween(2, 100);
    }

    @Test
    void aTopicKafkaRefusesFailsAloneWhileTheOthersInItsRequestAreCreated() throws Exception {
        TopicAdmin topics = new KafkaTopicAdmin(admin, new TopicCreationBatcher(admin), broker.bootstrapServers(),
                Duration.ofSeconds(60));
        ExecutorService threads = Executors.newFixedThreadPool(20);
        try {
            List<Future<?>> fine = new ArrayList<>();
            for (int i = 0; i < 19; i++) {
                DesiredTopic desired = topic("neighbour-" + i, 1, Map.of());
                fine.add(threads.submit(() -> topics.create(desired)));
            }
            Future<?> refused = threads.submit(() -> topics.create(topic("refused", 1,
                    Map.of("cleanup.policy", "shred"))));
            for (Future<?> f : fine) {
                f.get();
            }
            assertThat(refused).failsWithin(Duration.ofSeconds(60)).withThrowableOfType(
                    java.util.concurrent.ExecutionException.class).havingCause()
                    .isInstanceOf(TopicRejectedException.class).withMessageContaining("create topic refused");
        } finally {
            threads.shutdownNow();
        }
        List<String> neighbours = java.util.stream.IntStream.range(0, 19).mapToObj(i -> "neighbour-" + i).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.listTopics().names().get().containsAll(neighbours));
        assertThat(admin.listTopics().names().get()).doesNotContain("refused");
    }

    private static DesiredTopic topic(String name, int partitions, Map<String, String> config) {
        return new DesiredTopic(name, partitions, 1, config, false, DeletionPolicy.Retain);
    }
}
