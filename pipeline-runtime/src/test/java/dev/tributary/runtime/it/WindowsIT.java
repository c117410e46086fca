package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Tumbling, hopping, cumulating and session windows over out-of-order data give exactly the results computed here,
 * independently; records that arrive after the watermark passed their windows are dropped, as Flink defines, and
 * counted.
 */
class WindowsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    private static final int EVENTS = 4_000;
    private static final int USERS = 5;
    private static final long MAX_DISORDER_MS = 2_000;
    private static final long WATERMARK_DELAY_MS = 3_000;
    private static final long SESSION_GAP_MS = 3_000;
    private static final int LATE = 25;

    record Event(String user, long v, long ts) {
    }

    @Test
    void windowsOverOutOfOrderDataMatchAnIndependentComputationAndLateRecordsAreDroppedAndCounted() throws Exception {
        Topics topics = Topics.of();
        topics.create(2, "win.events");
        topics.create(1, "win.tumbling", "win.hopping", "win.cumulating", "win.sessions", "win.dlq");
        Path dir = Services.target().resolve("windows-" + System.currentTimeMillis());
        String select = "SELECT user_id, window_start, window_end, COUNT(*) AS cnt, SUM(v) AS total FROM TABLE(%s)"
                + " GROUP BY user_id, window_start, window_end";
        PipelinePlan plan = Plans.plan("windows",
                // No idle timeout: both partitions carry data, and a partition whose first fetch comes late must
                // not find the watermark already past its records.
                List.of(Plans.source("events", "win.events", RecordFormat.JSON,
                        Plans.fields("user_id", "STRING NOT NULL", "v", "BIGINT NOT NULL", "ts", "TIMESTAMP(3)"), "ts",
                        WATERMARK_DELAY_MS, null)),
                List.of(sink("tumbling"), sink("hopping"), sink("cumulating"), sink("sessions")),
                "INSERT INTO tumbling " + select.formatted(
                        "TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND)") + ";\n"
                + "INSERT INTO hopping " + select.formatted(
                        "HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '15' SECOND)") + ";\n"
                + "INSERT INTO cumulating " + select.formatted(
                        "CUMULATE(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '20' SECOND)") + ";\n"
                + "INSERT INTO sessions " + select.formatted(
                        "SESSION(TABLE events PARTITION BY user_id, DESCRIPTOR(ts), INTERVAL '3' SECOND)") + ";\n",
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.AT_LEAST_ONCE), "win.dlq", 2);

        List<Event> events = generate(new Random(7));
        Map<String, Set<String>> expected = Map.of(
                "tumbling", tumbling(events, 10_000),
                "hopping", hopping(events, 5_000, 15_000),
                "cumulating", cumulating(events, 5_000, 20_000),
                "sessions", sessions(events, SESSION_GAP_MS));

        try (InProcess pipeline = InProcess.start(plan, dir);
                KafkaProducer<byte[], byte[]> producer = topics.producer()) {
            for (int i = 0; i < events.size(); i++) {
                send(producer, i % 2, events.get(i));
            }
            long end = events.stream().mapToLong(Event::ts).max().orElseThrow();
            for (int p = 0; p < 2; p++) {
                send(producer, p, new Event("flush", 0, end + Duration.ofHours(1).toMillis()));
            }
            producer.flush();

            Map<String, Set<String>> actual = new HashMap<>();
            for (String window : expected.keySet()) {
                int n = expected.get(window).size();
                actual.put(window, rows(topics.readUntilCountOrQuiet("win." + window, n, Duration.ofSeconds(15),
                        Duration.ofMinutes(3))));
            }
            // The watermark is now an hour past every window: these are late and must change nothing.
            for (int i = 0; i < LATE; i++) {
                send(producer, i % 2, new Event("u1", 1_000_000, T0 + 1_000 + i * 100L));
            }
            producer.flush();
            Prometheus metrics = pipeline.prometheus();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (metrics.sum("flink_taskmanager_job_task_operator_tributary_source_lateRecords", "source", "events")
                    < LATE && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            Thread.sleep(3000);
            for (String window : expected.keySet()) {
                actual.put(window, rows(topics.readAll("win." + window)));
            }

            for (String window : expected.keySet()) {
                Set<String> missing = new java.util.TreeSet<>(expected.get(window));
                missing.removeAll(actual.get(window));
                Set<String> extra = new java.util.TreeSet<>(actual.get(window));
                extra.removeAll(expected.get(window));
                System.out.printf("[windows] %s: expected %d, actual %d, missing %s, unexpected %s%n", window,
                        expected.get(window).size(), actual.get(window).size(),
                        missing.stream().limit(10).toList(), extra.stream().limit(10).toList());
            }
            for (String window : expected.keySet()) {
                assertThat(actual.get(window)).as("%s windows", window).isEqualTo(expected.get(window));
            }
            double countedLate = metrics.sum("flink_taskmanager_job_task_operator_tributary_source_lateRecords",
                    "source", "events");
            Map<String, Double> droppedPerOperator = new java.util.TreeMap<>();
            metrics.scrape().stream().filter(m -> m.name().equals("flink_taskmanager_job_task_operator_numLateRecordsDropped"))
                    .forEach(m -> droppedPerOperator.merge(m.labels().replaceAll(".*operator_name=\"([^\"]*)\".*", "$1"),
                            m.value(), Double::sum));
            assertThat(countedLate).as("late records counted at the source").isEqualTo(LATE);
            // Each window operator drops them too. Tumbling, hopping and cumulating aggregate in two phases (local
            // then global), so their global operator drops pre-aggregated partial rows, fewer than the records; the
            // session window aggregates in one phase and drops every record.
            assertThat(droppedPerOperator).hasSize(4).allSatisfy((operator, dropped) -> assertThat(dropped).isPositive());
            assertThat(droppedPerOperator.entrySet().stream().filter(e -> e.getKey().startsWith("WindowAggregate"))
                    .mapToDouble(Map.Entry::getValue).sum()).as("late records dropped by the session window")
                    .isEqualTo(LATE);
            System.out.printf("[windows] %d events (max disorder %dms, watermark delay %dms): tumbling %d, hopping %d,"
                    + " cumulating %d, session %d windows, all equal to the independent computation; %d late records"
                    + " counted at the source, drops per window operator %s%n", events.size(),
                    MAX_DISORDER_MS, WATERMARK_DELAY_MS, expected.get("tumbling").size(),
                    expected.get("hopping").size(), expected.get("cumulating").size(),
                    expected.get("sessions").size(), (long) countedLate, droppedPerOperator);
        }
    }

    @Test
    void anIdlePartitionDoesNotHoldBackTheWatermark() throws Exception {
        Topics topics = Topics.of();
        topics.create(2, "idle.events");
        topics.create(1, "idle.tumbling", "idle.dlq");
        Path dir = Services.target().resolve("idle-" + System.currentTimeMillis());
        PipelinePlan plan = Plans.plan("idle",
                List.of(Plans.source("events", "idle.events", RecordFormat.JSON,
                        Plans.fields("user_id", "STRING NOT NULL", "v", "BIGINT NOT NULL", "ts", "TIMESTAMP(3)"), "ts",
                        WATERMARK_DELAY_MS)),
                List.of(Plans.kafkaSink("idle", "tumbling", "idle.tumbling", List.of())),
                "INSERT INTO tumbling SELECT user_id, window_start, window_end, COUNT(*) AS cnt, SUM(v) AS total"
                        + " FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
                        + " GROUP BY user_id, window_start, window_end",
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.AT_LEAST_ONCE), "idle.dlq", 2);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(new Event("u" + (i % 3), i, T0 + i * 500L));
        }
        // Everything goes to partition 0; partition 1 stays empty: only idleness lets the watermark advance.
        events.add(new Event("flush", 0, T0 + Duration.ofHours(1).toMillis()));
        Set<String> expected = tumbling(events.subList(0, 200), 10_000);
        try (InProcess pipeline = InProcess.start(plan, dir);
                KafkaProducer<byte[], byte[]> producer = topics.producer()) {
            for (Event e : events) {
                sendTo(producer, "idle.events", 0, e);
            }
            producer.flush();
            Set<String> actual = rows(topics.readUntilCountOrQuiet("idle.tumbling", expected.size(),
                    Duration.ofSeconds(20), Duration.ofMinutes(2)));
            assertThat(actual).isEqualTo(expected);
            System.out.printf("[windows] idle partition: %d windows fired from one active partition of two%n",
                    actual.size());
        }
    }

    private static SinkPlan sink(String name) {
        return Plans.kafkaSink("windows", name, "win." + name, List.of());
    }

    /** Users at random, gaps of 0-1.2s (so sessions of 3s break now and then), shuffled by up to 2s. */
    private static List<Event> generate(Random random) {
        List<Event> events = new ArrayList<>();
        long t = T0;
        for (int i = 0; i < EVENTS; i++) {
            t += random.nextInt(random.nextInt(20) == 0 ? 4_000 : 500);
            events.add(new Event("u" + random.nextInt(USERS), 1 + random.nextInt(100),
                    t - random.nextInt((int) MAX_DISORDER_MS)));
        }
        return events;
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, int partition, Event e) {
        sendTo(producer, "win.events", partition, e);
    }

    private static void sendTo(KafkaProducer<byte[], byte[]> producer, String topic, int partition, Event e) {
        String ts = LocalDateTime.ofEpochSecond(e.ts() / 1000, (int) (e.ts() % 1000) * 1_000_000, ZoneOffset.UTC)
                .toString();
        String json = "{\"user_id\":\"" + e.user() + "\",\"v\":" + e.v() + ",\"ts\":\"" + ts + "\"}";
        producer.send(new ProducerRecord<>(topic, partition, null, json.getBytes(StandardCharsets.UTF_8)));
    }

    private static Set<String> rows(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        Set<String> rows = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode n = JSON.readTree(r.value());
            rows.add(row(n.get("user_id").asText(), millis(n.get("window_start").asText()),
                    millis(n.get("window_end").asText()), n.get("cnt").asLong(), n.get("total").asLong()));
        }
        return rows;
    }

    private static long millis(String isoLocal) {
        return LocalDateTime.parse(isoLocal).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static String row(String user, long start, long end, long count, long total) {
        return user + "|" + Instant.ofEpochMilli(start) + "|" + Instant.ofEpochMilli(end) + "|" + count + "|" + total;
    }

    private static Set<String> aggregate(Map<String, long[]> windows) {
        Set<String> rows = new HashSet<>();
        windows.forEach((k, v) -> {
            String[] p = k.split("\\|");
            rows.add(row(p[0], Long.parseLong(p[1]), Long.parseLong(p[2]), v[0], v[1]));
        });
        return rows;
    }

    private static void add(Map<String, long[]> windows, Event e, long start, long end) {
        long[] acc = windows.computeIfAbsent(e.user() + "|" + start + "|" + end, k -> new long[2]);
        acc[0]++;
        acc[1] += e.v();
    }

    static Set<String> tumbling(List<Event> events, long size) {
        Map<String, long[]> windows = new HashMap<>();
        for (Event e : events) {
            long start = Math.floorDiv(e.ts(), size) * size;
            add(windows, e, start, start + size);
        }
        return aggregate(windows);
    }

    static Set<String> hopping(List<Event> events, long slide, long size) {
        Map<String, long[]> windows = new HashMap<>();
        for (Event e : events) {
            for (long start = Math.floorDiv(e.ts(), slide) * slide; start > e.ts() - size; start -= slide) {
                add(windows, e, start, start + size);
            }
        }
        return aggregate(windows);
    }

    static Set<String> cumulating(List<Event> events, long step, long max) {
        Map<String, long[]> windows = new HashMap<>();
        for (Event e : events) {
            long start = Math.floorDiv(e.ts(), max) * max;
            for (long end = start + step; end <= start + max; end += step) {
                if (e.ts() < end) {
                    add(windows, e, start, end);
                }
            }
        }
        return aggregate(windows);
    }

    static Set<String> sessions(List<Event> events, long gap) {
        Map<String, List<Event>> byUser = new HashMap<>();
        events.forEach(e -> byUser.computeIfAbsent(e.user(), u -> new ArrayList<>()).add(e));
        Set<String> rows = new HashSet<>();
        for (List<Event> list : byUser.values()) {
            list.sort(Comparator.comparingLong(Event::ts));
            long start = list.get(0).ts();
            long last = start;
            long count = 0;
            long total = 0;
            for (Event e : list) {
                // Flink merges session windows that touch: [a, a+gap) and [a+gap, ...) are one session.
                if (e.ts() > last + gap) {
                    rows.add(row(e.user(), start, last + gap, count, total));
                    start = e.ts();
                    count = 0;
                    total = 0;
                }
                last = e.ts();
                count++;
                total += e.v();
            }
            rows.add(row(list.get(0).user(), start, last + gap, count, total));
        }
        return rows;
    }
}
