package dev.tributary.bench.ingest;

import dev.tributary.api.plan.IngestPlan;
import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.SourcePlan;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.local.KafkaBrokerProcess;
import dev.tributary.runtime.ingest.IngestProducerSettings;
import dev.tributary.runtime.ingest.IngestServer;
import dev.tributary.runtime.ingest.IngestSettings;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * B5: the ingest endpoint against a bare Kafka producer. This JVM holds only the side being measured: the endpoint
 * (its HTTP load comes from {@link HttpLoadClient} in another JVM) or the bare producer's sending threads; the broker
 * runs in its own JVM too. Records per CPU-second divide by this JVM's process CPU over the run (GC and JIT
 * included, for both sides alike). Both sides send the same records with the same producer settings
 * ({@link IngestProducerSettings}), in interleaved rounds whose first side alternates; medians are printed.
 */
public final class IngestBenchmark {

    static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 8));
    static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final int[] SIZES = Arrays.stream(System.getProperty("bench.sizes", "1,100,1000").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    static final int BUFFER = 64 * 1024 * 1024;

    private IngestBenchmark() {
    }

    /** One run of one side. Latencies in nanoseconds. */
    record Run(long records, long refused, double seconds, double cpuSeconds, long p50, long p99, double load) {

        double perSecond() {
            return records / seconds;
        }

        double perCpuSecond() {
            return records / cpuSeconds;
        }
    }

    private static final long DISK_PER_PARTITION = 256L << 20;

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // the clients' INFO lines, both sides
        }
        Path dir = Files.createTempDirectory("bench-ingest");
        // a quiet machine writes tens of GB in a run: the broker keeps at most DISK_PER_PARTITION of each partition
        try (KafkaBrokerProcess kafka = new KafkaBrokerProcess(dir.resolve("kafka"),
                Map.of("log.retention.check.interval.ms", "5000")).start();
                LoadClientProcess load = LoadClientProcess.start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                Map<String, String> bounded = Map.of("retention.bytes", String.valueOf(DISK_PER_PARTITION),
                        "segment.bytes", String.valueOf(DISK_PER_PARTITION / 4));
                admin.createTopics(List.of(new NewTopic("bench-baseline", 3, (short) 1).configs(bounded),
                        new NewTopic("bench-ingest", 3, (short) 1).configs(bounded),
                        new NewTopic("bench-overload", 3, (short) 1).configs(bounded)))
                        .all().get(60, TimeUnit.SECONDS);
            }
            System.out.printf("Ingest benchmark %s: records of %d bytes, %d clients, %ds per run, %d rounds,"
                    + " 127.0.0.1; the broker and the HTTP load client in their own JVMs; CPU: this JVM's, which holds"
                    + " only the side being measured; %s%n%n", LocalDate.now(), ClickRecords.record(0).length,
                    CLIENTS, RUN.toSeconds(), ROUNDS, load());
            IngestPlan plan = new IngestPlan(new SourcePlan("clicks", "bench-ingest", RecordFormat.JSON,
                    ClickRecords.FIELDS, null), KafkaConnectionPlan.plaintext(kafka.bootstrapServers()), null, null,
                    1024 * 1024, 10_000, BUFFER);
            Properties client = new Properties();
            client.put("bootstrap.servers", kafka.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(IngestProducerSettings.of(client,
                    "bench-baseline", BUFFER), new ByteArraySerializer(), new ByteArraySerializer());
                    IngestServer server = IngestServer.start(plan, IngestSettings.defaults(dir).on("127.0.0.1", 0,
                            0))) {
                producer.partitionsFor("bench-baseline");
                Side bare = (size, rate, run) -> producerLoad(producer, size, rate, run);
                Side ingest = (size, rate, run) -> load.run(server.port(), size, CLIENTS, run, rate, 0);
                // a round not counted warms up the broker, both paths and the JIT (whose CPU is this JVM's: on a
                // loaded machine its compilations take rounds of seconds, and would be charged to the first runs)
                for (int size : SIZES) {
                    bare.run(size, 0, RUN);
                    ingest.run(size, 0, RUN);
                }
                Map<Integer, List<Run[]>> full = rounds(bare, ingest, size -> 0.0);
                Map<Integer, List<Run[]>> paced = rounds(bare, ingest, size -> median(full.get(size),
                        pair -> pair[1].perSecond()) / 2 / size);
                report(full, paced);
            }
            overload(kafka.bootstrapServers(), dir, load);
            System.out.printf("%nat the end: %s%n", load());
        }
    }

    interface Side {
        Run run(int size, double requestsPerSecond, Duration run) throws Exception;
    }

    /** Per batch size, ROUNDS pairs {bare, ingest}, interleaved; odd rounds start with ingest. */
    static Map<Integer, List<Run[]>> rounds(Side bare, Side ingest, ToDoubleFunction<Integer> rate) throws Exception {
        Map<Integer, List<Run[]>> runs = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (int size : SIZES) {
                double r = rate.applyAsDouble(size);
                Run[] pair = new Run[2];
                if (round % 2 == 0) {
                    pair[0] = bare.run(size, r, RUN);
                    pair[1] = ingest.run(size, r, RUN);
                } else {
                    pair[1] = ingest.run(size, r, RUN);
                    pair[0] = bare.run(size, r, RUN);
                }
                runs.computeIfAbsent(size, k -> new ArrayList<>()).add(pair);
                System.out.printf("  round %d batch %-4d %s producer %s | ingest %s%n", round + 1, size,
                        r > 0 ? String.format("at %.0f req/s", r) : "full speed", brief(pair[0]), brief(pair[1]));
            }
        }
        return runs;
    }

    static String brief(Run r) {
        return String.format("%,.0f rec/s %,.0f rec/CPU-s p99 %.1f ms%s (load %.1f)", r.perSecond(),
                r.perCpuSecond(), r.p99 / 1e6, r.refused > 0 ? " refused " + r.refused : "", r.load);
    }

    static void report(Map<Integer, List<Run[]>> full, Map<Integer, List<Run[]>> paced) {
        System.out.printf("%nmedians of %d rounds (min–max of the ratios)%n", ROUNDS);
        System.out.printf("%-10s %-9s %12s %14s %9s %9s %22s %22s%n", "batch", "side", "rec/s", "rec/CPU-s",
                "p50 ms", "p99 ms", "ratio rec/s", "ratio rec/CPU-s");
        for (int size : SIZES) {
            line(size, "", full.get(size));
        }
        System.out.printf("%nat half the endpoint's maximum rate (both sides paced alike; latency counted from when a"
                + " request was due)%n");
        for (int size : SIZES) {
            line(size, " half", paced.get(size));
        }
        List<Run[]> hundred = full.get(100);
        if (hundred != null) {
            double ratio = median(hundred, p -> p[1].perCpuSecond() / p[0].perCpuSecond());
            double p99 = median(paced.get(100), p -> p[1].p99 / 1e6);
            System.out.printf("%ntargets (issue 17): batch 100 rec/CPU-s %.2f× the producer's (≥ 0.5×: %s); p99 at half"
                    + " the maximum rate %.1f ms (≤ 50 ms: %s)%n", ratio, ratio >= 0.5 ? "met" : "MISSED", p99,
                    p99 <= 50 ? "met" : "MISSED");
        }
        double loads = median(full.values().stream().flatMap(List::stream).toList(), p -> p[1].load);
        System.out.printf("median load average at the runs' starts: %.1f%n", loads);
    }

    static void line(int size, String label, List<Run[]> pairs) {
        String[] names = {"producer", "ingest"};
        for (int side = 0; side < 2; side++) {
            int s = side;
            System.out.printf("%-10s %-9s %,12.0f %,14.0f %9.2f %9.2f", side == 0 ? size + label : "", names[side],
                    median(pairs, p -> p[s].perSecond()), median(pairs, p -> p[s].perCpuSecond()),
                    median(pairs, p -> p[s].p50 / 1e6), median(pairs, p -> p[s].p99 / 1e6));
            if (side == 1) {
                System.out.printf(" %22s %22s", ratios(pairs, p -> p[1].perSecond() / p[0].perSecond()),
                        ratios(pairs, p -> p[1].perCpuSecond() / p[0].perCpuSecond()));
            }
            System.out.println();
        }
    }

    static String ratios(List<Run[]> pairs, ToDoubleFunction<Run[]> f) {
        double[] v = pairs.stream().mapToDouble(f).sorted().toArray();
        return String.format("%.2f× (%.2f–%.2f)", median(pairs, f), v[0], v[v.length - 1]);
    }

    static double median(List<Run[]> pairs, ToDoubleFunction<Run[]> f) {
        double[] v = pairs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * The baseline: CLIENTS threads hand the same batches to the bare producer and wait for every acknowledgement,
     * as a client of the endpoint waits for its answer; paced like the HTTP clients when a rate is given.
     */
    static Run producerLoad(KafkaProducer<byte[], byte[]> producer, int size, double perSecond, Duration run)
            throws Exception {
        byte[][][] batches = new byte[ClickRecords.DISTINCT_BATCHES][][];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = ClickRecords.batch(size, i);
        }
        double load = loadAverage();
        AtomicLong acked = new AtomicLong();
        long[][] latencies = new long[CLIENTS][];
        int[] counts = new int[CLIENTS];
        long cpu0 = processCpu();
        long t0 = System.nanoTime();
        long end = t0 + run.toNanos();
        CountDownLatch done = new CountDownLatch(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                long[] mine = new long[1024];
                int n = 0;
                try {
                    List<Future<?>> sent = new ArrayList<>(size);
                    for (long i = 0; System.nanoTime() < end; i++) {
                        long start = System.nanoTime();
                        if (perSecond > 0) {
                            long due = t0 + (long) ((i * CLIENTS + client) * 1e9 / perSecond);
                            if (due >= end) {
                                break;
                            }
                            if (due > start) {
                                TimeUnit.NANOSECONDS.sleep(due - start);
                            }
                            start = due;
                        }
                        sent.clear();
                        for (byte[] value : batches[(int) (i % batches.length)]) {
                            sent.add(producer.send(new ProducerRecord<>("bench-baseline", value)));
                        }
                        for (Future<?> f : sent) {
                            f.get();
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = System.nanoTime() - start;
                        acked.addAndGet(size);
                    }
                } catch (Exception e) {
                    System.out.println("producer client failed: " + e);
                } finally {
                    latencies[client] = mine;
                    counts[client] = n;
                    done.countDown();
                }
            }, "bench-producer-client-" + c);
            t.start();
        }
        done.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpu() - cpu0) / 1e9;
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int c = 0; c < CLIENTS; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Run(acked.get(), 0, seconds, cpu, HttpLoadClient.percentile(all, 0.5),
                HttpLoadClient.percentile(all, 0.99), load);
    }

    /**
     * 32 clients (in the load JVM) post ~1 MiB bodies at an endpoint bounded to 8 MiB in flight: the most bytes held
     * (sampled every 10 ms), the 429s, the heap used at most, and the live heap after a full GC in the middle of it.
     */
    static void overload(String bootstrap, Path dir, LoadClientProcess load) throws Exception {
        int bound = 8 * 1024 * 1024;
        IngestPlan plan = new IngestPlan(new SourcePlan("clicks", "bench-overload", RecordFormat.JSON,
                ClickRecords.FIELDS, null), KafkaConnectionPlan.plaintext(bootstrap), null, null, 1024 * 1024, 10_000,
                bound);
        System.gc();
        long heapBefore = usedHeap();
        try (IngestServer server = IngestServer.start(plan, IngestSettings.defaults(dir).on("127.0.0.1", 0, 0))) {
            String metrics = "http://127.0.0.1:" + server.managementPort() + "/metrics";
            HttpClient http = HttpClient.newHttpClient();
            AtomicLong maxHeld = new AtomicLong();
            AtomicLong maxHeap = new AtomicLong();
            AtomicLong liveDuring = new AtomicLong();
            long gcAt = System.nanoTime() + RUN.toNanos() / 2;
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        String text = http.send(HttpRequest.newBuilder(URI.create(metrics)).build(),
                                HttpResponse.BodyHandlers.ofString()).body();
                        for (String line : text.split("\n")) {
                            if (line.startsWith("tributary_ingest_in_flight_bytes{")) {
                                long held = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                                maxHeld.accumulateAndGet(held, Math::max);
                            }
                        }
                        maxHeap.accumulateAndGet(usedHeap(), Math::max);
                        if (liveDuring.get() == 0 && System.nanoTime() > gcAt) {
                            System.gc();
                            liveDuring.set(usedHeap());
                        }
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // keep sampling
                    }
                }
            }, "overload-sampler");
            sampler.start();
            Run r = load.run(server.port(), 5000, 32, RUN, 0, 1024 * 1024);
            sampler.interrupt();
            sampler.join();
            System.out.printf("%noverload: 32 clients posting ~1 MiB bodies against maxInFlightBytes %,d: %,d records"
                    + " accepted, %d requests refused (429); most bytes held %,d (%.0f%% of the bound); heap used"
                    + " %,d MB before, at most %,d MB during (garbage included), %,d MB live after a full GC in the"
                    + " middle of it (-Xmx %,d MB)%n", bound, r.records, r.refused, maxHeld.get(),
                    100.0 * maxHeld.get() / bound, heapBefore >> 20, maxHeap.get() >> 20, liveDuring.get() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static String load() {
        return String.format("load average %.1f on %d cores", loadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
