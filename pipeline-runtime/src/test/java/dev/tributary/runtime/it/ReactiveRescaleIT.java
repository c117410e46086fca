package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.local.ChildProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * What the autoscaler's decision does to a running job: the TaskManager Deployment's replicas change, pods come and
 * go, and Flink's reactive mode rescales the job from its latest checkpoint. Here the standalone application cluster
 * runs an exactly-once Kafka pipeline and goes from 1 to 3 TaskManagers while the first half of the records is being
 * read, and back to 1 (the two removed ones killed, as pods of a scaled-down Deployment end) as the second half
 * arrives. A read_committed consumer must see every record exactly once.
 */
class ReactiveRescaleIT {

    private static final int RECORDS = 40_000;
    private static final int RATE_PER_SECOND = 2_000;

    @Test
    void scaledFromOneToThreeTaskManagersAndBackMidStreamItLosesAndDuplicatesNothing() throws Exception {
        Topics topics = Topics.of();
        topics.create(4, "rr.numbers");
        topics.create(2, "rr.out", "rr.dlq");
        Path dir = Services.target().resolve("reactive-rescale-" + System.currentTimeMillis());
        PipelinePlan plan = Plans.plan("reactive-rescale",
                List.of(Plans.source("numbers", "rr.numbers", RecordFormat.JSON,
                        Plans.fields("n", "BIGINT NOT NULL"), null, 0)),
                List.of(Plans.kafkaSink("reactive-rescale", "out", "rr.out", List.of())),
                "INSERT INTO `out` SELECT n FROM numbers",
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.EXACTLY_ONCE), "rr.dlq", 1);
        long started = System.nanoTime();
        AtomicInteger produced = new AtomicInteger();
        CountDownLatch secondHalf = new CountDownLatch(1);
        Thread producer = new Thread(() -> produce(topics, produced, secondHalf), "numbers-producer");
        try (ApplicationCluster cluster = new ApplicationCluster(plan, dir, 1)) {
            ChildProcess jobManager = cluster.startJobManager(null);
            cluster.addTaskManager();
            FlinkRest rest = cluster.rest();
            await("the job runs on 1 TaskManager", jobManager,
                    () -> "RUNNING".equals(rest.jobState()) && at(rest, 1));
            producer.start();
            awaitCommitted(topics, RECORDS / 5);

            cluster.addTaskManager();
            cluster.addTaskManager();
            await("reactive mode: 3 TaskManagers, parallelism 3", jobManager,
                    () -> cluster.replaceExitedTaskManagers() == 0 && "RUNNING".equals(rest.jobState()) && at(rest, 3));
            int atThree = awaitCommitted(topics, RECORDS * 2 / 5);
            System.out.printf("[rescale] 1 -> 3 TaskManagers at %d produced; %d committed at 3%n", produced.get(),
                    atThree);

            secondHalf.countDown();
            cluster.stopTaskManager();
            cluster.stopTaskManager();
            await("back on 1 TaskManager, parallelism 1", jobManager,
                    () -> "RUNNING".equals(rest.jobState()) && at(rest, 1));
            int atOne = topics.readAll("rr.out").size();
            System.out.printf("[rescale] 3 -> 1 TaskManagers at %d produced, %d committed%n", produced.get(), atOne);
            producer.join();

            topics.readUntil("rr.out", Duration.ofMinutes(3), r -> r.size() >= RECORDS);
            Thread.sleep(3000); // a duplicate committed late would show now
            List<ConsumerRecord<byte[], byte[]>> out = topics.readAll("rr.out");
            BitSet seen = new BitSet(RECORDS);
            int duplicates = 0;
            for (ConsumerRecord<byte[], byte[]> r : out) {
                int n = Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8).replaceAll(".*\"n\":(\\d+).*", "$1"));
                if (seen.get(n)) {
                    duplicates++;
                }
                seen.set(n);
            }
            int missing = RECORDS - seen.cardinality();
            System.out.printf("[rescale] records %d, read_committed %d, duplicates %d, missing %d, restarts %s,"
                    + " dead letters %d, %.0f s%n", RECORDS, out.size(), duplicates, missing,
                    rest.get("/jobs/" + rest.jobId() + "/metrics?get=numRestarts"), topics.readAll("rr.dlq").size(),
                    (System.nanoTime() - started) / 1e9);
            assertThat(duplicates).as("duplicates").isZero();
            assertThat(missing).as("missing").isZero();
            assertThat(out).hasSize(RECORDS);
        } finally {
            producer.interrupt();
        }
    }

    private static int awaitCommitted(Topics topics, int atLeast) {
        return topics.readUntil("rr.out", Duration.ofMinutes(3), r -> r.size() >= atLeast).size();
    }

    /** Numbers at a steady rate; the second half only once {@code secondHalf} opens. */
    private static void produce(Topics topics, AtomicInteger produced, CountDownLatch secondHalf) {
        try (KafkaProducer<byte[], byte[]> producer = topics.producer()) {
            long start = System.nanoTime();
            for (int n = 0; n < RECORDS; n++) {
                if (n == RECORDS / 2) {
                    producer.flush();
                    secondHalf.await();
                    start = System.nanoTime() - (long) n * 1_000_000_000L / RATE_PER_SECOND;
                }
                producer.send(new ProducerRecord<>("rr.numbers", Integer.toString(n).getBytes(StandardCharsets.UTF_8),
                        ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8)));
                produced.incrementAndGet();
                long due = start + (long) n * 1_000_000_000L / RATE_PER_SECOND;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(String what, ChildProcess jobManager, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!Boolean.TRUE.equals(safely(condition))) {
            if (System.nanoTime() > deadline || !jobManager.isAlive()) {
                throw new AssertionError("not reached: " + what + "; see " + jobManager.log());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static boolean at(FlinkRest rest, int parallelism) {
        List<Integer> vertices = rest.vertexParallelism();
        return !vertices.isEmpty() && vertices.stream().allMatch(p -> p == parallelism);
    }

    private static Boolean safely(Supplier<Boolean> condition) {
        try {
            return condition.get();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
