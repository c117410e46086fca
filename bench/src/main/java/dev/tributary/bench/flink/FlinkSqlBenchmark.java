package dev.tributary.bench.flink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;

/**
 * B1: Tributary's runtime against a hand-written Flink SQL job, same data, queries and parallelism, in one JVM (the
 * broker in its own). For each workload: one warm-up run per side (the hand-written job's output is the reference,
 * read until quiet), then interleaved rounds (the side that goes first alternates), each timed from job submission
 * to the arrival of the reference's last record; every run's output must equal the reference as a multiset.
 */
public final class FlinkSqlBenchmark {

    static final int PARALLELISM = 2;
    private static final Duration LIMIT = Duration.ofMinutes(10);

    private FlinkSqlBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = Integer.getInteger("bench.records", 500_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        boolean exactlyOnce = "exactly-once".equals(System.getProperty("bench.guarantee"));
        long checkpointMs = exactlyOnce ? 5_000 : 600_000;
        List<Workload> workloads = Workload.selected(System.getProperty("bench.workloads"));
        Path dir = Files.createDirectories(Path.of("target", "bench-flink-" + System.currentTimeMillis()));
        System.out.printf("B1: %,d bids (+%,d auctions), parallelism %d, %s%s, %d rounds; %s%n", records,
                records / 100, PARALLELISM, exactlyOnce ? "exactly-once, checkpoints every " : "at-least-once",
                exactlyOnce ? checkpointMs / 1000 + " s" : "", rounds, Cpu.load());
        Map<String, String> lines = new LinkedHashMap<>();
        try (BenchKafka kafka = BenchKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(NexmarkData.PARTITIONS, NexmarkData.BIDS, NexmarkData.AUCTIONS);
            long bytes = NexmarkData.write(kafka, records);
            System.out.printf("wrote %,d bids, %.0f bytes each on average%n", records, bytes / (double) records);
            Side runtime = new RuntimeSide(kafka, dir, PARALLELISM, exactlyOnce, checkpointMs);
            Side plain = new FlinkSqlSide(kafka.bootstrapServers(), PARALLELISM, exactlyOnce, checkpointMs);
            int run = 0;
            for (Workload w : workloads) {
                long input = records + 2L + (w.joinsAuctions() ? records / 100 + 2L : 0);
                List<String> reference = sorted(runOnce(kafka, plain, w, "w" + run++, 0).output());
                boolean equal = true;
                Run warm = runOnce(kafka, runtime, w, "w" + run++, reference.size());
                equal &= same(w, runtime, reference, warm.output());
                Figures ours = new Figures();
                Figures theirs = new Figures();
                Figures oursSteady = new Figures();
                Figures theirsSteady = new Figures();
                for (int r = 0; r < rounds; r++) {
                    List<Side> order = r % 2 == 0 ? List.of(runtime, plain) : List.of(plain, runtime);
                    for (Side side : order) {
                        Run measured = runOnce(kafka, side, w, "r" + run++, reference.size());
                        equal &= same(w, side, reference, measured.output());
                        (side == runtime ? ours : theirs).add(input, measured.wallNanos(), measured.cpuNanos());
                        (side == runtime ? oursSteady : theirsSteady).addSteady(input, measured.steadyWallNanos(),
                                measured.steadyCpuNanos());
                    }
                }
                String line = String.format("%-18s %-30s tributary %s rec/s %s rec/CPU-s | flink sql %s rec/s %s"
                        + " rec/CPU-s | ratio %.2f× rec/s %.2f× rec/CPU-s | steady (after the first tenth of the"
                        + " output) %s vs %s rec/CPU-s, %.2f× | output %s (%,d rows)", w.name(),
                        w.nexmark().isEmpty() ? "" : "(" + w.nexmark() + ")",
                        Figures.range(ours.perSecond), Figures.range(ours.perCpuSecond),
                        Figures.range(theirs.perSecond), Figures.range(theirs.perCpuSecond),
                        Figures.median(ours.perSecond) / Figures.median(theirs.perSecond),
                        Figures.median(ours.perCpuSecond) / Figures.median(theirs.perCpuSecond),
                        Figures.range(oursSteady.perCpuSecond), Figures.range(theirsSteady.perCpuSecond),
                        Figures.cpuRatio(oursSteady, theirsSteady), equal ? "equal" : "DIFFERENT", reference.size());
                System.out.println(line);
                lines.put(w.name(), line);
            }
        }
        System.out.println();
        System.out.println("Summary (" + Cpu.load() + " at the end):");
        lines.values().forEach(System.out::println);
        System.exit(0);
    }

    /**
     * A run: its output; time from submission to the last record and the JVM's CPU over it (job start-up in it,
     * the benchmark's reading of the output not); and the same from the arrival of the first tenth of the output.
     */
    record Run(List<String> output, long wallNanos, long cpuNanos, long steadyWallNanos, long steadyCpuNanos) {
    }

    /** Runs {@code w} on {@code side} until its output holds {@code count} records (0: until it is quiet). */
    static Run runOnce(BenchKafka kafka, Side side, Workload w, String runId, int count) throws Exception {
        String topic = "out-" + runId;
        kafka.createTopics(1, topic);
        System.gc();
        long cpu0 = Cpu.processNanos();
        long t0 = System.nanoTime();
        JobClient job = side.start(w, topic, runId);
        BenchKafka.Output out = kafka.read(topic, count, Duration.ofSeconds(count == 0 ? 10 : 60), LIMIT);
        long cpuEnd = Cpu.processNanos();
        long cpu = cpuEnd - cpu0 - out.readerCpuNanos();
        long wall = out.lastArrivalNanos() - t0;
        BenchKafka.Mark tenth = out.tenth();
        long steadyWall = tenth == null ? 0 : out.lastArrivalNanos() - tenth.nanos();
        long steadyCpu = tenth == null ? 0 : cpuEnd - tenth.processCpuNanos()
                - (out.readerCpuNanos() - tenth.readerCpuNanos());
        job.cancel().get();
        try {
            job.getJobExecutionResult().get();
        } catch (Exception cancelled) {
            // cancelled, as asked
        }
        Thread.sleep(1_000);
        return new Run(out.values(), wall, cpu, steadyWall, steadyCpu);
    }

    static boolean same(Workload w, Side side, List<String> reference, List<String> output) {
        List<String> actual = sorted(output);
        if (actual.equals(reference)) {
            return true;
        }
        Map<String, Integer> counts = new java.util.HashMap<>();
        reference.forEach(v -> counts.merge(v, 1, Integer::sum));
        actual.forEach(v -> counts.merge(v, -1, Integer::sum));
        List<String> missing = counts.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
        System.out.printf("  %s on %s: %,d rows, reference %,d; e.g. missing %s, output %s%n", w.name(), side.name(),
                actual.size(), reference.size(), missing.stream().limit(2).toList(),
                actual.stream().limit(2).toList());
        return false;
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }
}
