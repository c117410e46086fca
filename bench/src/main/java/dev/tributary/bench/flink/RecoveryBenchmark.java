package dev.tributary.bench.flink;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.FlinkRecoverySettings;
import dev.tributary.runtime.it.ApplicationCluster;
import dev.tributary.runtime.it.FlinkRest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * B6: recovery of a running exactly-once pipeline on a standalone application cluster (the JobManager and one
 * TaskManager as processes, as the operator's pods run them: {@link ApplicationCluster}) when a TaskManager is killed
 * (SIGKILL, and a replacement started at once, as a Deployment does) and, separately, when the JobManager is (started
 * again at once with the same job id, as its Deployment does). Tributary's settings against Flink's defaults for the
 * same keys, in the same run, interleaved: the time from the kill to the first output of a record sent after it, and
 * to the first such record arriving no later than the steady state's slowest before the kill (caught up); every
 * record counted by id with a {@code read_committed} consumer: 0 duplicates, 0 missing.
 */
public final class RecoveryBenchmark {

    enum Kill { TASK_MANAGER, JOB_MANAGER }

    /** One side: cluster settings over what the operator gives, and the Pipeline's flinkConfiguration. */
    record Side(String name, Map<String, String> cluster, Map<String, String> job) {
    }

    record Recovery(double firstOutputSeconds, double caughtUpSeconds, long duplicates, long missing) {
    }

    /** What FlinkSettings sets that ApplicationCluster shortens for its tests' pace: as the operator sets it. */
    static final Map<String, String> AS_OPERATOR = Map.of(
            "jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout", "10s",
            "jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling", "30s");
    static final Side TRIBUTARY = new Side("tributary", AS_OPERATOR, Map.of());
    static final Side FLINK_DEFAULTS = new Side("flink defaults", flinkDefaults(), Map.of(
            // Set by the Pipeline, JobSettings keeps its own restart strategy out: Flink's defaults for the rest.
            "restart-strategy.type", "exponential-delay"));

    private final BenchKafka kafka;
    private final Path dir;
    private final double rate;
    private final long checkpointMs;
    private final int taskManagers;
    private int runs;

    private RecoveryBenchmark(BenchKafka kafka, Path dir, double rate, long checkpointMs, int taskManagers) {
        this.taskManagers = taskManagers;
        this.kafka = kafka;
        this.dir = dir;
        this.rate = rate;
        this.checkpointMs = checkpointMs;
    }

    /** Flink's own default for every key Tributary sets for recovery ({@link FlinkRecoverySettings}). */
    static Map<String, String> flinkDefaults() {
        Map<String, String> conf = new HashMap<>(AS_OPERATOR);
        conf.putAll(FlinkRecoverySettings.FLINK_DEFAULTS);
        return conf;
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 3);
        double rate = Integer.getInteger("bench.rate", 1_000);
        long checkpointMs = Long.getLong("bench.checkpointMs", 2_000);
        int taskManagers = Integer.getInteger("bench.taskManagers", 2);
        List<Kill> kills = System.getProperty("bench.kills", "TASK_MANAGER,JOB_MANAGER").isBlank() ? List.of()
                : java.util.Arrays.stream(System.getProperty("bench.kills", "TASK_MANAGER,JOB_MANAGER").split(","))
                        .map(Kill::valueOf).toList();
        Path dir = Files.createDirectories(Path.of("target", "bench-recovery-" + System.currentTimeMillis()))
                .toAbsolutePath();
        System.out.printf("B6: exactly-once, checkpoints every %,d ms, %,.0f rec/s, %d TaskManagers of 1 slot, %d rounds;"
                + " tributary: %s; flink defaults: %s; %s%n", checkpointMs, rate, taskManagers, rounds,
                FlinkRecoverySettings.SETTINGS, FlinkRecoverySettings.FLINK_DEFAULTS, Cpu.load());
        Map<String, List<Recovery>> results = new LinkedHashMap<>();
        try (BenchKafka kafka = BenchKafka.start(dir.resolve("kafka"))) {
            RecoveryBenchmark bench = new RecoveryBenchmark(kafka, dir, rate, checkpointMs, taskManagers);
            for (int r = 0; r < rounds; r++) {
                for (Kill kill : kills) {
                    List<Side> order = r % 2 == 0 ? List.of(TRIBUTARY, FLINK_DEFAULTS) : List.of(FLINK_DEFAULTS, TRIBUTARY);
                    for (Side side : order) {
                        Recovery recovery = bench.run(side, kill);
                        results.computeIfAbsent(kill + "|" + side.name(), k -> new ArrayList<>()).add(recovery);
                    }
                }
            }
        }
        System.out.printf("%nB6 recovery, seconds from the kill, median of %d rounds (min–max); %s%n", rounds,
                Cpu.load());
        System.out.printf("%-13s %-15s %-24s %-24s %s%n", "kill", "side", "first new output", "caught up",
                "duplicates / missing");
        for (Kill kill : kills) {
            for (Side side : List.of(TRIBUTARY, FLINK_DEFAULTS)) {
                List<Recovery> l = results.get(kill + "|" + side.name());
                System.out.printf("%-13s %-15s %-24s %-24s %d / %d%n", kill, side.name(),
                        seconds(l.stream().map(Recovery::firstOutputSeconds).toList()),
                        seconds(l.stream().map(Recovery::caughtUpSeconds).toList()),
                        l.stream().mapToLong(Recovery::duplicates).sum(), l.stream().mapToLong(Recovery::missing).sum());
            }
            List<Recovery> ours = results.get(kill + "|" + TRIBUTARY.name());
            List<Recovery> theirs = results.get(kill + "|" + FLINK_DEFAULTS.name());
            System.out.printf("%-13s ratio tributary / flink defaults: first new output %.2f×, caught up %.2f×"
                    + " (target ≤ 0.25×)%n", kill,
                    Figures.median(ours.stream().map(Recovery::firstOutputSeconds).toList())
                            / Figures.median(theirs.stream().map(Recovery::firstOutputSeconds).toList()),
                    Figures.median(ours.stream().map(Recovery::caughtUpSeconds).toList())
                            / Figures.median(theirs.stream().map(Recovery::caughtUpSeconds).toList()));
        }
        System.exit(0);
    }

    private static String seconds(List<Double> values) {
        return String.format("%.1f (%.1f–%.1f)", Figures.median(values), java.util.Collections.min(values),
                java.util.Collections.max(values));
    }

    private Recovery run(Side side, Kill kill) throws Exception {
        String run = "recovery-" + ++runs;
        String input = "in-" + run;
        String output = "out-" + run;
        kafka.createTopics(2, input, output);
        kafka.createTopics(1, "dlq-" + run);
        Path runDir = dir.resolve(run);
        PipelinePlan plan = EchoPipeline.plan(run, kafka.bootstrapServers(), input, output, "dlq-" + run,
                DeliveryGuarantee.EXACTLY_ONCE, checkpointMs, runDir, taskManagers, side.job());
        String jobId = UUID.randomUUID().toString().replace("-", "");
        AtomicBoolean stop = new AtomicBoolean();
        try (ApplicationCluster cluster = new ApplicationCluster(plan, runDir, 1).withSettings(side.cluster());
                OutputWatch watch = OutputWatch.start(kafka, output, true);
                KafkaProducer<byte[], byte[]> producer = kafka.producer(Map.of("linger.ms", "5"))) {
            cluster.startJobManager(null, jobId);
            for (int i = 0; i < taskManagers; i++) {
                cluster.addTaskManager();
            }
            CompletableFuture<Long> produced = CompletableFuture.supplyAsync(() -> {
                try {
                    return StampedRecords.sendAtRate(producer, input, 0, -1, rate, stop);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            // Steady state: the job at full parallelism (reactive mode starts it on the first TaskManager and
            // rescales once all came), the backlog of that drained (a record sent after it within 2 intervals + 2 s),
            // then 10 s of output; the slowest record of its last 5 s is what "caught up" has to match.
            awaitFullParallelism(cluster);
            awaitOutput(watch, System.currentTimeMillis(), checkpointMs * 2 + 2_000, cluster);
            Thread.sleep(10_000);
            long threshold = watch.latenciesSince(System.currentTimeMillis() - 5_000).stream()
                    .mapToLong(Long::longValue).max().orElse(checkpointMs + 1_000);
            long killedAt = System.currentTimeMillis();
            if (kill == Kill.TASK_MANAGER) {
                cluster.stopTaskManager();
                cluster.addTaskManager();
            } else {
                cluster.jobManager().kill();
                cluster.startJobManager(null, jobId);
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (watch.firstArrival(killedAt, threshold) < 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(side.name() + ", " + kill + ": not caught up 5 minutes after the"
                            + " kill; see " + runDir);
                }
                cluster.replaceExitedTaskManagers();
                Thread.sleep(50);
            }
            double first = (watch.firstArrival(killedAt, Long.MAX_VALUE) - killedAt) / 1e3;
            double caughtUp = (watch.firstArrival(killedAt, threshold) - killedAt) / 1e3;
            stop.set(true);
            long end = produced.get();
            boolean all = watch.awaitAll(end, Duration.ofMinutes(3));
            Thread.sleep(checkpointMs * 2 + 2_000); // a duplicate committed late would show now
            long missing = end - watch.distinct(0, end);
            long duplicates = watch.duplicates();
            System.out.printf("  %-15s %-13s first new output %5.1f s, caught up %5.1f s (steady max %,d ms);"
                    + " %,d records, %,d duplicates, %,d missing%s (%s)%n", side.name(), kill, first, caughtUp,
                    threshold, end, duplicates, missing, all ? "" : " after 3 minutes", Cpu.load());
            return new Recovery(first, caughtUp, duplicates, missing);
        } finally {
            stop.set(true);
        }
    }

    private void awaitFullParallelism(ApplicationCluster cluster) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!atFullParallelism(cluster.rest())) {
            if (System.nanoTime() > deadline || !cluster.jobManager().isAlive()) {
                throw new IllegalStateException("the job did not run at parallelism " + taskManagers
                        + " in 5 minutes; see " + cluster.jobManager().log());
            }
            cluster.replaceExitedTaskManagers();
            Thread.sleep(200);
        }
    }

    private boolean atFullParallelism(FlinkRest rest) {
        try {
            List<Integer> vertices = rest.vertexParallelism();
            return "RUNNING".equals(rest.jobState()) && !vertices.isEmpty()
                    && vertices.stream().allMatch(p -> p == taskManagers);
        } catch (RuntimeException e) {
            return false; // the REST API not up yet
        }
    }

    private static void awaitOutput(OutputWatch watch, long sentAfter, long latencyMs, ApplicationCluster cluster)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (watch.firstArrival(sentAfter, latencyMs) < 0) {
            if (System.nanoTime() > deadline || !cluster.jobManager().isAlive()) {
                throw new IllegalStateException("no steady output in 5 minutes; see " + cluster.jobManager().log());
            }
            cluster.replaceExitedTaskManagers();
            Thread.sleep(100);
        }
    }
}
