package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.ParallelismPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.local.KafkaClusterProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once Kafka to Kafka through broker failures, on a three-node KRaft cluster of real broker processes
 * (replication factor 3, min.insync.replicas 2). A producer writes numbered records with acks=all and idempotence and
 * remembers each one the cluster acknowledged; a pipeline on a MiniCluster copies them to a sink topic with
 * transactions committed on 1 s checkpoints. Brokers are killed with SIGKILL mid-run; in the end a read_committed
 * reader must find every acknowledged number in the sink exactly once, and the pipeline must have gone on producing
 * output by itself.
 *
 * <p>The default suite kills the leader of a sink partition once and takes one broker down for 30 s. With
 * {@code -Dtributary.faults.full=true} (the full size, for {@code bench/}) it kills three sink leaders in turn and
 * the outage lasts 2 minutes.
 */
class BrokerFaultsIT {

    static final boolean FULL = Boolean.getBoolean("tributary.faults.full");
    static final int LEADER_KILLS = FULL ? 3 : 1;
    static final Duration OUTAGE = FULL ? Duration.ofMinutes(2) : Duration.ofSeconds(30);
    /** How long a killed sink leader stays down before it is started again. */
    static final Duration LEADER_DOWN = FULL ? Duration.ofSeconds(45) : Duration.ofSeconds(10);
    static final int RATE_PER_SECOND = 500;
    static final int PARTITIONS = 4;
    static final int SINK_PARTITIONS = 2;

    private static KafkaClusterProcesses cluster;
    private static Topics topics;

    @BeforeAll
    static void startCluster() {
        cluster = KafkaClusterProcesses.start(Services.target().resolve("kafka-cluster-" + System.currentTimeMillis()));
        topics = new Topics(cluster.bootstrapServers());
        System.out.printf("[faults] three-node KRaft cluster up on %s; full size: %s%n", cluster.bootstrapServers(),
                FULL);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killingTheLeaderOfASinkPartitionLosesAndDuplicatesNothing() throws Exception {
        try (Run run = Run.start("leader-kill")) {
            run.awaitOutputBeyond(0, Duration.ofMinutes(3));
            for (int kill = 1; kill <= LEADER_KILLS; kill++) {
                int partition = (kill - 1) % SINK_PARTITIONS;
                int leader = cluster.leaderOf(run.sinkTopic, partition);
                long producedAtKill = run.produced.get();
                long killedAt = System.nanoTime();
                cluster.kill(leader);
                System.out.printf("[faults] leader-kill %d: SIGKILL node %d, leader of %s-%d, at record %d%n", kill,
                        leader, run.sinkTopic, partition, producedAtKill);
                String failover = awaitNewLeader(run.sinkTopic, partition, leader, killedAt);
                long deadline = killedAt + LEADER_DOWN.toNanos();
                while (run.highestOut.get() < producedAtKill && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                boolean resumedWhileDown = run.highestOut.get() >= producedAtKill;
                long resumedAt = resumedWhileDown ? System.nanoTime() : 0;
                Thread.sleep(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
                long restartAt = System.nanoTime();
                cluster.start(leader);
                double startSeconds = (System.nanoTime() - restartAt) / 1e9;
                if (!resumedWhileDown) {
                    resumedAt = run.awaitOutputBeyond(producedAtKill, Duration.ofMinutes(3));
                }
                System.out.printf("[faults] leader-kill %d: %s; node %d restarted after %ds (ready in %.1fs); first"
                        + " output written after the kill committed %.1fs after the kill (%s); restarts so far %d,"
                        + " checkpoints %s%n", kill, failover, leader, LEADER_DOWN.toSeconds(), startSeconds,
                        (resumedAt - killedAt) / 1e9, resumedWhileDown ? "while the node was down"
                                : "only once the node was back", run.restarts(), run.checkpoints());
                Thread.sleep(5_000);
            }
            run.finishAndCheck();
        }
    }

    @Test
    void aBrokerDownForAWhileThePipelineGoesOnAndLosesAndDuplicatesNothing() throws Exception {
        try (Run run = Run.start("outage")) {
            run.awaitOutputBeyond(0, Duration.ofMinutes(3));
            // The node leading a source partition: the source's fetches, a sink partition or two and some
            // transaction coordinators move at once.
            int node = cluster.leaderOf(run.sourceTopic, 0);
            long producedAtKill = run.produced.get();
            long killedAt = System.nanoTime();
            cluster.kill(node);
            System.out.printf("[faults] outage: SIGKILL node %d (leader of %s-0) for %ds, at record %d%n", node,
                    run.sourceTopic, OUTAGE.toSeconds(), producedAtKill);
            long outageEnds = killedAt + OUTAGE.toNanos();
            while (run.highestOut.get() < producedAtKill && System.nanoTime() < outageEnds) {
                Thread.sleep(50);
            }
            if (run.highestOut.get() >= producedAtKill) {
                System.out.printf("[faults] outage: output produced after the kill committed %.1fs after it, with node"
                        + " %d still down%n", (System.nanoTime() - killedAt) / 1e9, node);
            }
            Thread.sleep(Math.max(0, (outageEnds - System.nanoTime()) / 1_000_000));
            long producedAtReturn = run.produced.get();
            long outputDuringOutage = run.highestOut.get();
            cluster.start(node);
            long returnedAt = System.nanoTime();
            System.out.printf("[faults] outage: node %d back; while it was down %d records were produced and the"
                    + " sink's committed output reached record %d (%s); restarts so far %d%n", node,
                    producedAtReturn - producedAtKill, outputDuringOutage,
                    outputDuringOutage >= producedAtKill ? "the pipeline went on" : "the pipeline stalled",
                    run.restarts());
            Duration recovery = Duration.ofNanos(run.awaitOutputBeyond(producedAtReturn, Duration.ofMinutes(3))
                    - returnedAt);
            System.out.printf("[faults] outage: output produced after the node returned committed %.1fs after its"
                    + " return%n", recovery.toMillis() / 1000.0);
            Thread.sleep(5_000);
            run.finishAndCheck();
        }
    }

    /** Waits (up to {@link #LEADER_DOWN}) for the partition to get a leader other than the killed node. */
    private static String awaitNewLeader(String topic, int partition, int killed, long killedAt)
            throws InterruptedException {
        while (System.nanoTime() - killedAt < LEADER_DOWN.toNanos()) {
            int leader = cluster.leaderOf(topic, partition);
            if (leader != killed && leader > 0) {
                return "node " + leader + " took over " + topic + "-" + partition + " "
                        + String.format("%.1fs", (System.nanoTime() - killedAt) / 1e9) + " after the kill";
            }
            Thread.sleep(100);
        }
        return "no other leader of " + topic + "-" + partition + " within " + LEADER_DOWN.toSeconds() + "s";
    }

    /** One pipeline run: its topics, the job, the numbered-record producer and a reader of the sink. */
    private static final class Run implements AutoCloseable {

        final String name;
        final String sourceTopic;
        final String sinkTopic;
        final String deadLetterTopic;
        final AtomicLong produced = new AtomicLong();
        final AtomicInteger sendFailures = new AtomicInteger();
        final BitSet acknowledged = new BitSet();
        /** The highest number a read_committed reader of the sink has seen so far. */
        final AtomicLong highestOut = new AtomicLong(-1);
        final BitSet seenByReader = new BitSet();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicBoolean readerDone = new AtomicBoolean();
        final long started = System.nanoTime();
        InProcess job;
        Thread producer;
        Thread reader;

        private Run(String name) {
            this.name = name;
            this.sourceTopic = "faults." + name + ".numbers";
            this.sinkTopic = "faults." + name + ".out";
            this.deadLetterTopic = "faults." + name + ".dlq";
        }

        static Run start(String name) throws Exception {
            Run run = new Run(name);
            cluster.createTopics(PARTITIONS, run.sourceTopic);
            cluster.createTopics(SINK_PARTITIONS, run.sinkTopic, run.deadLetterTopic);
            Path dir = Services.target().resolve("faults-" + name + "-" + System.currentTimeMillis());
            PipelinePlan plan = new PipelinePlan(PipelinePlan.CURRENT_VERSION, "test", "faults-" + name,
                    KafkaConnectionPlan.plaintext(cluster.bootstrapServers()),
                    List.of(Plans.source("numbers", run.sourceTopic, RecordFormat.JSON,
                            Plans.fields("n", "BIGINT NOT NULL"), null, 0)),
                    List.of(Plans.kafkaSink("faults-" + name, "out", run.sinkTopic, List.of())),
                    "INSERT INTO `out` SELECT n FROM numbers",
                    Plans.checkpoints(dir, 1000, DeliveryGuarantee.EXACTLY_ONCE), run.deadLetterTopic,
                    new ParallelismPlan(2, 1, 2), Map.of());
            run.job = InProcess.start(plan, dir);
            run.producer = new Thread(run::produce, "faults-producer-" + name);
            run.reader = new Thread(run::readSink, "faults-reader-" + name);
            run.producer.start();
            run.reader.start();
            return run;
        }

        private void produce() {
            long start = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> kafka = topics.producer()) {
                for (int n = 0; !stop.get(); n++) {
                    int id = n;
                    byte[] value = ("{\"n\":" + id + "}").getBytes(StandardCharsets.UTF_8);
                    kafka.send(new ProducerRecord<>(sourceTopic, id % PARTITIONS, null, value), (metadata, error) -> {
                        if (error == null) {
                            synchronized (acknowledged) {
                                acknowledged.set(id);
                            }
                        } else {
                            sendFailures.incrementAndGet();
                        }
                    });
                    produced.set(n + 1);
                    long wait = start + (long) (n + 1) * 1_000_000_000L / RATE_PER_SECOND - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                kafka.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void readSink() {
            try (KafkaConsumer<byte[], byte[]> consumer = topics.consumer(true)) {
                List<TopicPartition> partitions = consumer.partitionsFor(sinkTopic).stream()
                        .map(p -> new TopicPartition(sinkTopic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (!readerDone.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        long n = number(r);
                        synchronized (seenByReader) {
                            seenByReader.set((int) n);
                        }
                        highestOut.accumulateAndGet(n, Math::max);
                    }
                }
            }
        }

        /** Waits until the sink's committed output holds a number at or above {@code n}; returns when (nanoTime). */
        long awaitOutputBeyond(long n, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (highestOut.get() < n) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the pipeline committed no output at or beyond record " + n + " within "
                            + timeout + " (highest seen: " + highestOut.get() + ", restarts " + restarts() + ")");
                }
                Thread.sleep(50);
            }
            return System.nanoTime();
        }

        /** Waits until the sink reader has seen every acknowledged number, or the timeout passed. */
        private void awaitAllRead(BitSet acked, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                BitSet notYet = (BitSet) acked.clone();
                synchronized (seenByReader) {
                    notYet.andNot(seenByReader);
                }
                if (notYet.isEmpty()) {
                    return;
                }
                Thread.sleep(200);
            }
        }

        /** Completed and failed checkpoints so far. */
        String checkpoints() {
            return Math.round(job.prometheus().sum("flink_jobmanager_job_numberOfCompletedCheckpoints", null, null))
                    + " completed, " + Math.round(job.prometheus().sum(
                            "flink_jobmanager_job_numberOfFailedCheckpoints", null, null)) + " failed";
        }

        long restarts() {
            return Math.round(job.prometheus().sum("flink_jobmanager_job_numRestarts", null, null));
        }

        /** Stops producing, waits for the sink to catch up, then reads it all and checks it against the acks. */
        void finishAndCheck() throws Exception {
            stop.set(true);
            producer.join(TimeUnit.MINUTES.toMillis(3));
            BitSet acked;
            synchronized (acknowledged) {
                acked = (BitSet) acknowledged.clone();
            }
            long drainStarted = System.nanoTime();
            awaitAllRead(acked, Duration.ofMinutes(3));
            // A few more checkpoints: a duplicate committed late would show up in the final read.
            Thread.sleep(3_000);
            List<ConsumerRecord<byte[], byte[]>> out = topics.readAll(sinkTopic);
            BitSet seen = new BitSet();
            int duplicates = 0;
            for (ConsumerRecord<byte[], byte[]> r : out) {
                int n = (int) number(r);
                if (seen.get(n)) {
                    duplicates++;
                }
                seen.set(n);
            }
            BitSet missing = (BitSet) acked.clone();
            missing.andNot(seen);
            int deadLetters = topics.readAll(deadLetterTopic).size();
            long restarts = restarts();
            System.out.printf("[faults] %s: produced %d, acknowledged %d, send failures %d, in sink %d (distinct %d),"
                    + " missing %d%s, duplicated %d, dead letters %d, Flink restarts %d, checkpoints %s,"
                    + " drained in %.1fs, run %.0fs%n", name, produced.get(), acked.cardinality(), sendFailures.get(), out.size(),
                    seen.cardinality(), missing.cardinality(), missing.isEmpty() ? "" : " (first: "
                    + missing.stream().limit(10).boxed().toList() + ")", duplicates, deadLetters, restarts,
                    checkpoints(),
                    (System.nanoTime() - drainStarted) / 1e9, (System.nanoTime() - started) / 1e9);
            assertThat(acked.cardinality()).as("acknowledged records").isPositive();
            assertThat(missing.cardinality()).as("acknowledged records missing from the sink").isZero();
            assertThat(duplicates).as("records in the sink more than once").isZero();
            assertThat(deadLetters).as("dead letters").isZero();
        }

        private static long number(ConsumerRecord<byte[], byte[]> r) {
            String json = new String(r.value(), StandardCharsets.UTF_8);
            return Long.parseLong(json.replaceAll(".*\"n\":(\\d+).*", "$1"));
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            if (producer != null) {
                producer.join(TimeUnit.MINUTES.toMillis(3));
            }
            if (reader != null) {
                readerDone.set(true);
                reader.join(TimeUnit.SECONDS.toMillis(30));
            }
            if (job != null) {
                job.close();
            }
        }
    }
}
