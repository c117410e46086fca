package dev.tributary.bench.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * B2: the runtime's stateless JSON path (Kafka → decode → filter → Kafka) against what one would write by hand, a
 * consumer → Jackson → producer loop with the same filter, and a loop copying raw bytes (the floor: no parsing at
 * all). Same bids, same output count; interleaved rounds; ratios of records per CPU-second.
 */
public final class JsonPathBenchmark {

    static final long MIN_PRICE = 50_000;
    static final Workload FILTER = new Workload("json filter", "q2-like", false,
            "SELECT * FROM bids WHERE price > " + MIN_PRICE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = Integer.getInteger("bench.records", 500_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        Path dir = Files.createDirectories(Path.of("target", "bench-json-" + System.currentTimeMillis()));
        System.out.printf("B2: %,d bids, parallelism %d for the runtime, one thread per loop, %d rounds; %s%n",
                records, FlinkSqlBenchmark.PARALLELISM, rounds, Cpu.load());
        try (BenchKafka kafka = BenchKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(NexmarkData.PARTITIONS, NexmarkData.BIDS, NexmarkData.AUCTIONS);
            NexmarkData.write(kafka, records);
            long input = records + 2L;
            Side runtime = new RuntimeSide(kafka, dir, FlinkSqlBenchmark.PARALLELISM, false, 600_000);
            int expected = loop(kafka, "warm-jackson", input, true).outputs;
            FlinkSqlBenchmark.runOnce(kafka, runtime, FILTER, "warm-runtime", expected);
            loop(kafka, "warm-raw", input, false);
            Figures ours = new Figures();
            Figures jackson = new Figures();
            Figures raw = new Figures();
            Figures oursSteady = new Figures();
            Figures jacksonSteady = new Figures();
            Figures rawSteady = new Figures();
            for (int r = 0; r < rounds; r++) {
                FlinkSqlBenchmark.Run run = FlinkSqlBenchmark.runOnce(kafka, runtime, FILTER, "runtime-" + r, expected);
                if (run.output().size() != expected) {
                    System.out.printf("  the runtime wrote %,d records, the Jackson loop %,d%n", run.output().size(),
                            expected);
                }
                ours.add(input, run.wallNanos(), run.cpuNanos());
                oursSteady.addSteady(input, run.steadyWallNanos(), run.steadyCpuNanos());
                LoopRun j = loop(kafka, "jackson-" + r, input, true);
                jackson.add(input, j.wallNanos, j.cpuNanos);
                jacksonSteady.addSteady(input, j.steadyWallNanos, j.steadyCpuNanos);
                LoopRun c = loop(kafka, "raw-" + r, input, false);
                raw.add(input, c.wallNanos, c.cpuNanos);
                rawSteady.addSteady(input, c.steadyWallNanos, c.steadyCpuNanos);
            }
            System.out.printf("runtime       %s rec/s %s rec/CPU-s%n", Figures.range(ours.perSecond),
                    Figures.range(ours.perCpuSecond));
            System.out.printf("jackson loop  %s rec/s %s rec/CPU-s%n", Figures.range(jackson.perSecond),
                    Figures.range(jackson.perCpuSecond));
            System.out.printf("raw copy      %s rec/s %s rec/CPU-s%n", Figures.range(raw.perSecond),
                    Figures.range(raw.perCpuSecond));
            System.out.printf("ratios (rec/CPU-s): runtime %.2f× the Jackson loop, %.2f× the raw copy; Jackson loop"
                    + " %.2f× the raw copy (%,d of %,d records pass the filter; %s)%n",
                    Figures.median(ours.perCpuSecond) / Figures.median(jackson.perCpuSecond),
                    Figures.median(ours.perCpuSecond) / Figures.median(raw.perCpuSecond),
                    Figures.median(jackson.perCpuSecond) / Figures.median(raw.perCpuSecond), expected, input,
                    Cpu.load());
            System.out.printf("steady, after the first tenth (the runtime's job start-up behind it): runtime %s,"
                    + " Jackson loop %s, raw copy %s rec/CPU-s; runtime %.2f× the Jackson loop, %.2f× the raw copy%n",
                    Figures.range(oursSteady.perCpuSecond), Figures.range(jacksonSteady.perCpuSecond),
                    Figures.range(rawSteady.perCpuSecond), Figures.cpuRatio(oursSteady, jacksonSteady),
                    Figures.cpuRatio(oursSteady, rawSteady));
        }
        System.exit(0);
    }

    /** A loop's run, whole and from the moment it had read a tenth of its input. */
    record LoopRun(int outputs, long wallNanos, long cpuNanos, long steadyWallNanos, long steadyCpuNanos) {
    }

    /** Reads every bid once (a new group), writes those that pass the filter (or every one, raw), flushes. */
    static LoopRun loop(BenchKafka kafka, String runId, long input, boolean parse) throws Exception {
        String topic = "out-" + runId;
        kafka.createTopics(1, topic);
        System.gc();
        long cpu0 = Cpu.processNanos();
        long t0 = System.nanoTime();
        int outputs = 0;
        long read = 0;
        long tenthNanos = 0;
        long tenthCpu = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer("loop-" + runId, true);
                KafkaProducer<byte[], byte[]> producer = kafka.producer(Map.of())) {
            consumer.subscribe(List.of(NexmarkData.BIDS));
            while (read < input) {
                if (tenthNanos == 0 && read >= input / 10) {
                    tenthNanos = System.nanoTime();
                    tenthCpu = Cpu.processNanos();
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    read++;
                    if (!parse) {
                        producer.send(new ProducerRecord<>(topic, r.value()));
                        outputs++;
                        continue;
                    }
                    JsonNode bid = JSON.readTree(r.value());
                    if (bid.path("price").asLong() > MIN_PRICE) {
                        producer.send(new ProducerRecord<>(topic, JSON.writeValueAsBytes(bid)));
                        outputs++;
                    }
                }
            }
            producer.flush();
        }
        long end = System.nanoTime();
        long cpuEnd = Cpu.processNanos();
        return new LoopRun(outputs, end - t0, cpuEnd - cpu0, end - tenthNanos, cpuEnd - tenthCpu);
    }
}
