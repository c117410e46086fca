package dev.tributary.bench.flink;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.local.FreePorts;
import dev.tributary.runtime.PipelineRunner;
import dev.tributary.runtime.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * B3: end-to-end latency of Tributary's runtime, from the producer's stamp to a {@code read_committed} consumer, and
 * its throughput exactly-once against at-least-once. The runtime runs a plan (as the operator resolves it) with
 * {@link PipelineRunner} on a local MiniCluster in this JVM; the broker runs in its own JVM.
 *
 * <p>First the maximum rate: a preloaded topic drained by at-least-once and exactly-once jobs (1 s checkpoints),
 * interleaved rounds, the rate counted from the arrival of the first 10 % of the output to the last record (so job
 * start-up is not in it). Then, at half the at-least-once maximum, each mode (at-least-once and exactly-once, 1 s and
 * 10 s checkpoints) in interleaved rounds: a fresh job, a warm-up, then a measured window whose every record must
 * arrive; p50/p99/max of that window.
 */
public final class LatencyBenchmark {

    record Mode(String name, DeliveryGuarantee guarantee, long checkpointMs) {
        boolean exactlyOnce() {
            return guarantee == DeliveryGuarantee.EXACTLY_ONCE;
        }
    }

    static final Mode ALO_1S = new Mode("at-least-once 1 s", DeliveryGuarantee.AT_LEAST_ONCE, 1_000);
    static final Mode ALO_10S = new Mode("at-least-once 10 s", DeliveryGuarantee.AT_LEAST_ONCE, 10_000);
    static final Mode EO_1S = new Mode("exactly-once 1 s", DeliveryGuarantee.EXACTLY_ONCE, 1_000);
    static final Mode EO_10S = new Mode("exactly-once 10 s", DeliveryGuarantee.EXACTLY_ONCE, 10_000);
    /** The baseline: no job, a consumer-to-producer loop ({@link CopyLoop}). */
    static final Mode COPY_LOOP = new Mode("kafka copy loop", null, 0);
    static final int PARTITIONS = 2;

    private final BenchKafka kafka;
    private final Path dir;
    private final int parallelism;
    private int runs;

    private LatencyBenchmark(BenchKafka kafka, Path dir, int parallelism) {
        this.kafka = kafka;
        this.dir = dir;
        this.parallelism = parallelism;
    }

    public static void main(String[] args) throws Exception {
        int records = Integer.getInteger("bench.records", 20_000_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int parallelism = Integer.getInteger("bench.parallelism", 2);
        Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 15));
        Duration window = Duration.ofSeconds(Long.getLong("bench.seconds", 30));
        Path dir = Files.createDirectories(Path.of("target", "bench-latency-" + System.currentTimeMillis()))
                .toAbsolutePath();
        System.out.printf("B3: parallelism %d, %d partitions, %,d records for the maximum rate, %d rounds, warm-up %d s,"
                + " window %d s; %s%n", parallelism, PARTITIONS, records, rounds, warmUp.toSeconds(),
                window.toSeconds(), Cpu.load());
        try (BenchKafka kafka = BenchKafka.start(dir.resolve("kafka"))) {
            LatencyBenchmark bench = new LatencyBenchmark(kafka, dir, parallelism);
            kafka.createTopics(PARTITIONS, "preloaded");
            try (KafkaProducer<byte[], byte[]> producer = kafka.producer(Map.of())) {
                StampedRecords.sendAtRate(producer, "preloaded", 0, records, 1e9, new AtomicBoolean());
            }
            Map<Mode, Figures> throughput = new LinkedHashMap<>();
            throughput.put(ALO_1S, new Figures());
            throughput.put(EO_1S, new Figures());
            // The same at 10 s: what the commit path costs per checkpoint shows as the difference to 1 s.
            throughput.put(EO_10S, new Figures());
            // warm-up, not counted: the first drain of a JVM ran at half the rate of the later ones (JIT)
            System.out.println("  warm-up drains (not counted):");
            bench.drain(ALO_1S, records, new Figures());
            bench.drain(EO_1S, records, new Figures());
            for (int r = 0; r < rounds; r++) {
                List<Mode> order = new ArrayList<>(throughput.keySet());
                if (r % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (Mode mode : order) {
                    bench.drain(mode, records, throughput.get(mode));
                }
            }
            if (!Boolean.parseBoolean(System.getProperty("bench.latency", "true"))) {
                printThroughput(throughput, records);
                System.exit(0);
            }
            double max = Figures.median(throughput.get(ALO_1S).perSecond);
            double rate = max / 2;
            System.out.printf("%nmaximum rate (at-least-once, 1 s): %,.0f rec/s; latency runs at %,.0f rec/s%n", max,
                    rate);

            List<Mode> modes = List.of(COPY_LOOP, ALO_1S, ALO_10S, EO_1S, EO_10S);
            Map<Mode, List<Latencies>> latencies = new LinkedHashMap<>();
            modes.forEach(m -> latencies.put(m, new ArrayList<>()));
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < modes.size(); i++) {
                    Mode mode = modes.get((i + r) % modes.size());
                    latencies.get(mode).add(bench.latency(mode, rate, warmUp, window));
                }
            }

            printThroughput(throughput, records);
            System.out.printf("%nB3 latency at %,.0f rec/s (half the maximum), ms, median of %d rounds (min–max):%n",
                    rate, rounds);
            System.out.printf("%-20s %-22s %-22s %-22s %s%n", "mode", "p50", "p99", "max", "target p99");
            for (Map.Entry<Mode, List<Latencies>> e : latencies.entrySet()) {
                List<Latencies> l = e.getValue();
                long target = e.getKey().exactlyOnce() ? e.getKey().checkpointMs() + 1_000 : 100;
                double p99 = Figures.median(l.stream().map(x -> (double) x.p99()).toList());
                String verdict = e.getKey() == COPY_LOOP ? "(baseline)" : p99 <= target ? "met" : "MISSED";
                System.out.printf("%-20s %-22s %-22s %-22s ≤ %,d ms: %s%n", e.getKey().name(),
                        Figures.range(l.stream().map(x -> (double) x.p50()).toList()),
                        Figures.range(l.stream().map(x -> (double) x.p99()).toList()),
                        Figures.range(l.stream().map(x -> (double) x.max()).toList()), target, verdict);
            }
            double floor = Figures.median(latencies.get(COPY_LOOP).stream().map(x -> (double) x.p99()).toList());
            for (Mode mode : List.of(ALO_1S, ALO_10S)) {
                System.out.printf("%s p99 / the copy loop's: %.1f×%n", mode.name(),
                        Figures.median(latencies.get(mode).stream().map(x -> (double) x.p99()).toList()) / floor);
            }
            System.out.println(Cpu.load());
        }
        System.exit(0);
    }

    private static void printThroughput(Map<Mode, Figures> throughput, int records) {
        System.out.printf("%nB3 throughput (%,d records drained, rounds interleaved; median (min–max)); %s%n",
                records, Cpu.load());
        for (Map.Entry<Mode, Figures> e : throughput.entrySet()) {
            System.out.printf("%-20s %s rec/s  %s rec/CPU-s%n", e.getKey().name(),
                    Figures.range(e.getValue().perSecond), Figures.range(e.getValue().perCpuSecond));
        }
        for (Mode mode : List.of(EO_1S, EO_10S)) {
            System.out.printf("ratio %s / at-least-once 1 s: %.2f× rec/s, %.2f× rec/CPU-s (target at 1 s ≥ 0.9×)%n",
                    mode.name(), Figures.median(throughput.get(mode).perSecond)
                            / Figures.median(throughput.get(ALO_1S).perSecond),
                    Figures.median(throughput.get(mode).perCpuSecond)
                            / Figures.median(throughput.get(ALO_1S).perCpuSecond));
        }
    }

    /** Drains the preloaded topic with a fresh job; adds its steady rate (10 % of the output to the last record). */
    private void drain(Mode mode, int records, Figures figures) throws Exception {
        String run = "drain-" + ++runs;
        kafka.createTopics(PARTITIONS, "out-" + run);
        try (OutputWatch watch = OutputWatch.start(kafka, "out-" + run, false)) {
            System.gc();
            JobClient job = start(run, "preloaded", "out-" + run, mode);
            long tenth = records / 10;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (watch.records() < tenth) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(mode.name() + ": no output in 5 minutes");
                }
                Thread.sleep(5);
            }
            long cpu0 = Cpu.processNanos();
            long from = watch.reachedNanos(tenth);
            if (!watch.awaitAll(records, Duration.ofMinutes(15))) {
                throw new IllegalStateException(mode.name() + ": only " + watch.distinct(0, records) + " of "
                        + records + " records arrived");
            }
            long cpu = Cpu.processNanos() - cpu0;
            long wall = watch.reachedNanos(records) - from;
            figures.add(records - tenth, wall, cpu);
            // Exactly-once output arrives a commit at a time: a span of few checkpoint intervals measures the
            // commit cadence, not the rate.
            double intervals = mode.checkpointMs() == 0 ? Double.NaN : wall / 1e6 / mode.checkpointMs();
            System.out.printf("  %-20s drained at %,.0f rec/s, %,.0f rec/CPU-s over %.1f s (%.0f checkpoint intervals%s;"
                    + " duplicates %,d; %s)%n", mode.name(), (records - tenth) / (wall / 1e9),
                    (records - tenth) / (cpu / 1e9), wall / 1e9, intervals,
                    mode.exactlyOnce() && intervals < 10 ? ": too few to judge, raise bench.latency.records" : "",
                    watch.duplicates(), Cpu.load());
            job.cancel().get();
        }
        kafka.deleteTopics("out-" + run, "dlq-" + run);
    }

    /** A fresh job fed at {@code rate}: warm-up, then the window whose every record must arrive. */
    private Latencies latency(Mode mode, double rate, Duration warmUp, Duration window) throws Exception {
        String run = "latency-" + ++runs;
        String input = "in-" + run;
        kafka.createTopics(PARTITIONS, input, "out-" + run);
        try (OutputWatch watch = OutputWatch.start(kafka, "out-" + run, true);
                KafkaProducer<byte[], byte[]> producer = kafka.producer(Map.of("linger.ms", "5"))) {
            CopyLoop loop = mode == COPY_LOOP ? new CopyLoop(kafka, input, "out-" + run) : null;
            JobClient job = loop == null ? start(run, input, "out-" + run, mode) : null;
            if (job != null) {
                awaitRunning(job);
            }
            long first = StampedRecords.sendAtRate(producer, input, 0, (long) (rate * warmUp.toSeconds()), rate,
                    new AtomicBoolean());
            long end = StampedRecords.sendAtRate(producer, input, first, (long) (rate * window.toSeconds()), rate,
                    new AtomicBoolean());
            if (!watch.awaitAll(end, Duration.ofMillis(mode.checkpointMs() * 3).plusMinutes(2))) {
                if (loop != null) {
                    loop.close();
                }
                throw new IllegalStateException(mode.name() + ": " + (end - watch.distinct(0, end)) + " of " + end
                        + " records missing");
            }
            Latencies l = Latencies.of(watch.latencies(first, end));
            long duplicates = watch.duplicates();
            System.out.printf("  %-20s %,d records: p50 %,d ms, p99 %,d ms, max %,d ms; duplicates %,d (%s)%n",
                    mode.name(), l.count(), l.p50(), l.p99(), l.max(), duplicates, Cpu.load());
            if (mode.exactlyOnce() && duplicates > 0) {
                throw new IllegalStateException(mode.name() + ": " + duplicates + " duplicates");
            }
            if (job != null) {
                job.cancel().get();
            } else {
                loop.close();
            }
            kafka.deleteTopics(job != null ? new String[] {input, "out-" + run, "dlq-" + run}
                    : new String[] {input, "out-" + run});
            return l;
        }
    }

    private JobClient start(String run, String input, String output, Mode mode) throws Exception {
        kafka.createTopics(1, "dlq-" + run);
        Path runDir = dir.resolve(run);
        PipelinePlan plan = EchoPipeline.plan(run, kafka.bootstrapServers(), input, output, "dlq-" + run,
                mode.guarantee(), mode.checkpointMs(), runDir, parallelism);
        RuntimeOptions options = RuntimeOptions.forPlan(runDir.resolve("plan.json"))
                .withMetricsPort(String.valueOf(FreePorts.next()))
                .withBrokerMaxTransactionTimeout(Duration.ofMinutes(15));
        return PipelineRunner.prepare(plan, options).start();
    }

    private static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not reach RUNNING in 5 minutes");
            }
            Thread.sleep(100);
        }
    }
}
