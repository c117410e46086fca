package dev.tributary.bench.ingest;

import dev.tributary.api.plan.FieldPlan;
import dev.tributary.api.plan.IngestPlan;
import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.SourcePlan;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.local.KafkaBroker;
import dev.tributary.runtime.ingest.IngestServer;
import dev.tributary.runtime.ingest.IngestSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The ingest endpoint against a bare Kafka producer in the same JVM, on 127.0.0.1 with a real broker: records per
 * second and per CPU-second (the CPU of the threads that do the work: the server's event loops, workers and
 * producer for ingest; the sending thread and producer for the baseline — the load generator's own threads are not
 * counted), p50/p99 latency for batches of 1, 100 and 1,000 records of ~200 bytes, p50/p99 at half the maximum rate,
 * and the in-flight bytes and heap under overload against the configured bound.
 */
public final class IngestBenchmark {

    static final List<FieldPlan> FIELDS = List.of(new FieldPlan("user_id", "STRING NOT NULL"),
            new FieldPlan("url", "STRING"), new FieldPlan("ts", "TIMESTAMP(3)"), new FieldPlan("n", "INT"),
            new FieldPlan("agent", "STRING"));
    static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 8));
    static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private IngestBenchmark() {
    }

    static byte[] record(long n) {
        String r = "{\"user_id\":\"user-" + (n % 10_000) + "\",\"url\":\"/products/" + (n % 977) + "/reviews?page="
                + (n % 13) + "\",\"ts\":\"2026-12-04 10:15:00.000\",\"n\":" + (n % 100_000)
                + ",\"agent\":\"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/133.0 (compatible;"
                + " tributary-bench) pad-" + (n % 10) + "\"}";
        return r.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] batch(int size, long start) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < size; i++) {
            b.append(new String(record(start + i), StandardCharsets.UTF_8)).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("bench-ingest");
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"))) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("bench-baseline", 3, (short) 1),
                        new NewTopic("bench-ingest", 3, (short) 1), new NewTopic("bench-overload", 3, (short) 1)))
                        .all().get(60, TimeUnit.SECONDS);
            }
            System.out.printf("Ingest benchmark: records of %d bytes, %d client threads, %ds per run, 127.0.0.1,"
                    + " one KRaft broker in this JVM; CPU counted: the endpoint's threads (event loops, workers,"
                    + " producer) against the baseline's sending threads and producer%n%n", record(0).length, CLIENTS,
                    RUN.toSeconds());
            IngestPlan plan = new IngestPlan(new SourcePlan("clicks", "bench-ingest", RecordFormat.JSON, FIELDS, null),
                    KafkaConnectionPlan.plaintext(kafka.bootstrapServers()), null, null, 1024 * 1024, 10_000,
                    64 * 1024 * 1024);
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers());
                    IngestServer server = IngestServer.start(plan,
                            IngestSettings.defaults(dir).on("127.0.0.1", 0, 0))) {
                String url = "http://127.0.0.1:" + server.port() + "/v1/sources/clicks/records";
                // warm up the broker, both paths and the JIT before anything is measured
                producerLoad(producer, 100, Duration.ofSeconds(3));
                load(url, 100, 0, Duration.ofSeconds(3));
                Result hundred = null;
                for (int size : new int[] {1, 100, 1000}) {
                    Result bare = producerLoad(producer, size, RUN);
                    Result r = load(url, size, 0, RUN);
                    System.out.printf("batch %-4d producer %s%n           ingest   %s%n"
                            + "           ratio ingest/producer: %.2f× rec/s, %.2f× rec/CPU-s%n", size, bare, r,
                            r.recordsPerSecond() / bare.recordsPerSecond(),
                            r.recordsPerCpuSecond() / bare.recordsPerCpuSecond());
                    if (size == 100) {
                        hundred = r;
                    }
                }
                double half = hundred.recordsPerSecond() / 2 / 100;
                Result paced = load(url, 100, half, RUN);
                System.out.printf("batch 100 at half the maximum rate (%.0f requests/s): ingest %s%n", half, paced);
            }
            overload(kafka.bootstrapServers(), dir);
        }
    }

    record Result(long records, double seconds, double cpuSeconds, List<Long> latenciesNanos, long refused) {
        double recordsPerSecond() {
            return records / seconds;
        }

        double recordsPerCpuSecond() {
            return records / cpuSeconds;
        }

        double percentileMs(double p) {
            if (latenciesNanos.isEmpty()) {
                return Double.NaN;
            }
            List<Long> sorted = new ArrayList<>(latenciesNanos);
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
        }

        @Override
        public String toString() {
            return String.format("%,10.0f rec/s  %,9.0f rec/CPU-s  p50 %6.2f ms  p99 %6.2f ms%s", recordsPerSecond(),
                    recordsPerCpuSecond(), percentileMs(0.5), percentileMs(0.99),
                    refused > 0 ? "  refused " + refused : "");
        }
    }

    /** A bare producer with the ingest server's settings. */
    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "2");
        p.put("batch.size", Integer.toString(128 * 1024));
        p.put("client.id", "bench-baseline");
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer());
        producer.partitionsFor("bench-baseline");
        return producer;
    }

    /**
     * The baseline: the same client threads hand the same batches to the bare producer and wait for every
     * acknowledgement, as a client of the endpoint waits for its answer. Counted CPU: those threads (they do the
     * producer's serialising and batching) and the producer's network thread.
     */
    static Result producerLoad(KafkaProducer<byte[], byte[]> producer, int size, Duration run) throws Exception {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < size * 16; i++) {
            records.add(record(i));
        }
        Predicate<String> counted = n -> n.startsWith("bench-producer-client-")
                || n.startsWith("kafka-producer-network-thread | bench-baseline");
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong acked = new AtomicLong();
        long t0 = System.nanoTime();
        long end = t0 + run.toNanos();
        CountDownLatch done = new CountDownLatch(CLIENTS);
        AtomicLong clientCpu = new AtomicLong();
        long networkCpu0 = cpu(n -> n.startsWith("kafka-producer-network-thread | bench-baseline"));
        for (int c = 0; c < CLIENTS; c++) {
            Thread t = new Thread(() -> {
                try {
                    long i = 0;
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        List<java.util.concurrent.Future<?>> sent = new ArrayList<>(size);
                        for (int k = 0; k < size; k++) {
                            sent.add(producer.send(new ProducerRecord<>("bench-baseline",
                                    records.get((int) ((i * size + k) % records.size())))));
                        }
                        for (java.util.concurrent.Future<?> f : sent) {
                            f.get();
                        }
                        latencies.add(System.nanoTime() - start);
                        acked.addAndGet(size);
                        i++;
                    }
                } catch (Exception e) {
                    System.out.println("producer client failed: " + e);
                } finally {
                    clientCpu.addAndGet(THREADS.getCurrentThreadCpuTime());
                    done.countDown();
                }
            }, "bench-producer-client-" + c);
            t.start();
        }
        done.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long networkCpu = cpu(n -> n.startsWith("kafka-producer-network-thread | bench-baseline")) - networkCpu0;
        return new Result(acked.get(), seconds, (clientCpu.get() + networkCpu) / 1e9, latencies, 0);
    }

    /** Clients posting batches as fast as answers come back, or at {@code requestsPerSecond} in all when above 0. */
    static Result load(String url, int size, double requestsPerSecond, Duration run) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            bodies.add(batch(size, (long) i * size));
        }
        Predicate<String> server = n -> n.startsWith("vert.x-eventloop") || n.startsWith("ingest-worker")
                || n.startsWith("kafka-producer-network-thread | tributary-ingest");
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong records = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        long cpu0 = cpu(server);
        long t0 = System.nanoTime();
        long end = t0 + run.toNanos();
        CountDownLatch done = new CountDownLatch(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                try {
                    long i = 0;
                    while (System.nanoTime() < end) {
                        if (requestsPerSecond > 0) {
                            long due = t0 + (long) ((i * CLIENTS + client) * 1e9 / requestsPerSecond);
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            }
                        }
                        long start = System.nanoTime();
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Type", "application/x-ndjson")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get((int) (i % bodies.size()))))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            records.addAndGet(size);
                            latencies.add(System.nanoTime() - start);
                        } else {
                            refused.incrementAndGet();
                        }
                        i++;
                    }
                } catch (Exception e) {
                    System.out.println("client failed: " + e);
                } finally {
                    done.countDown();
                }
            }, "bench-client-" + c);
            t.start();
        }
        done.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(records.get(), seconds, (cpu(server) - cpu0) / 1e9, latencies, refused.get());
    }

    /**
     * 32 clients post 1 MiB bodies at a server bounded to 8 MiB in flight, with Kafka's own buffer as the bound too:
     * the most bytes held (sampled every 10 ms), 429s, and the heap before and after.
     */
    static void overload(String bootstrap, Path dir) throws Exception {
        int bound = 8 * 1024 * 1024;
        IngestPlan plan = new IngestPlan(new SourcePlan("clicks", "bench-overload", RecordFormat.JSON, FIELDS, null),
                KafkaConnectionPlan.plaintext(bootstrap), null, null, 1024 * 1024, 10_000, bound);
        System.gc();
        long heapBefore = usedHeap();
        try (IngestServer server = IngestServer.start(plan, IngestSettings.defaults(dir).on("127.0.0.1", 0, 0))) {
            String url = "http://127.0.0.1:" + server.port() + "/v1/sources/clicks/records";
            String metrics = "http://127.0.0.1:" + server.managementPort() + "/metrics";
            HttpClient http = HttpClient.newHttpClient();
            AtomicLong maxHeld = new AtomicLong();
            AtomicLong maxHeap = new AtomicLong();
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
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // keep sampling
                    }
                }
            });
            sampler.start();
            int clients = 32;
            byte[] body = batch(4900, 0); // ~1 MiB
            while (body.length > 1024 * 1024) {
                body = batch(4900 - (body.length - 1024 * 1024) / 200 - 1, 0);
            }
            byte[] payload = body;
            AtomicLong ok = new AtomicLong();
            AtomicLong tooMany = new AtomicLong();
            CountDownLatch done = new CountDownLatch(clients);
            long end = System.nanoTime() + RUN.toNanos();
            for (int c = 0; c < clients; c++) {
                new Thread(() -> {
                    try {
                        while (System.nanoTime() < end) {
                            int status = http.send(HttpRequest.newBuilder(URI.create(url))
                                    .header("Content-Type", "application/x-ndjson")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode();
                            (status == 200 ? ok : tooMany).incrementAndGet();
                        }
                    } catch (Exception e) {
                        System.out.println("overload client failed: " + e);
                    } finally {
                        done.countDown();
                    }
                }).start();
            }
            done.await();
            sampler.interrupt();
            System.out.printf("%noverload: 32 clients × %,d-byte bodies against maxInFlightBytes %,d: %d accepted,"
                    + " %d refused (429); most bytes held %,d (%.0f%% of the bound); heap used %,d MB before,"
                    + " at most %,d MB during%n", payload.length, bound, ok.get(), tooMany.get(), maxHeld.get(),
                    100.0 * maxHeld.get() / bound, heapBefore >> 20, maxHeap.get() >> 20);
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** CPU nanoseconds of the live threads whose names match. */
    private static long cpu(Predicate<String> names) {
        long total = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && names.test(info.getThreadName())) {
                long t = THREADS.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    total += t;
                }
            }
        }
        return total;
    }
}
