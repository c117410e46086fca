package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.plan.EventTimePlan;
import dev.tributary.api.plan.FieldPlan;
import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.ParallelismPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.plan.SourcePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.runtime.JobOperators;
import dev.tributary.runtime.RuntimeOptions;
import dev.tributary.runtime.source.SourceTables;
import dev.tributary.sqlcheck.upgrade.StateJudge;
import dev.tributary.sqlcheck.upgrade.StateVerdict;
import dev.tributary.sqlcheck.upgrade.StateVerdict.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

/**
 * The upgrade verdict ({@link JobOperators} + {@link StateJudge}, what {@code tributary diff} prints) against what
 * Flink does: for each SQL change of the corpus, the old job runs on a MiniCluster against a real broker, counts
 * three orders of customer {@code a}, stops with a savepoint; the new job is started from that savepoint by the
 * runtime and gets more orders. Reality is one of: the new job fails to restore; its counts continue from the
 * savepoint (state kept); they start over (state lost). The confusion matrix must be diagonal.
 *
 * <p>The default build runs the whole corpus, {@link #THREADS} changes at a time (each on its own MiniCluster and
 * topics; most of a change's time is spent waiting for checkpoints); {@code -Dtributary.upgrade-corpus=name,name}
 * runs the changes named, {@code -Dtributary.upgrade-corpus.threads=N} N at a time.
 */
class UpgradeCorpusIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int THREADS = Integer.getInteger("tributary.upgrade-corpus.threads", 4);
    private static final String COUNT = "INSERT INTO `out` SELECT k, COUNT(*) AS cnt FROM orders GROUP BY k";
    private static final String JOIN = "INSERT INTO `out` SELECT o.k, COUNT(*) AS cnt FROM orders o JOIN customers c"
            + " ON o.k = c.k GROUP BY o.k";
    private static final String WINDOW = "INSERT INTO `out` SELECT k, COUNT(*) AS cnt FROM TABLE(TUMBLE(TABLE orders,"
            + " DESCRIPTOR(ts), INTERVAL '1' HOUR)) GROUP BY k, window_start, window_end";
    private static final String DEDUP = "INSERT INTO `out` SELECT k, COUNT(*) AS cnt FROM (SELECT k, id, ROW_NUMBER()"
            + " OVER (PARTITION BY id ORDER BY pt) AS rn FROM (SELECT *, PROCTIME() AS pt FROM orders)) WHERE rn = 1"
            + " GROUP BY k";

    /** What happened when the new job started from the old one's savepoint. */
    enum Reality { KEPT, STARTED_EMPTY, NOT_RESTORED, OTHER }

    /** A change's verdict next to what Flink did, and the line that reports it. */
    record Result(Outcome predicted, Reality reality, String line) {
    }

    /**
     * One change. After the savepoint the new job reads orders 4 and 3 again (a duplicate id, which only a
     * deduplication with its state drops); {@code kept} and {@code empty} are customer a's count then;
     * {@code afterSettings}: the new plan's flinkConfiguration on top of the old one's.
     */
    record Change(String name, String before, String after, boolean windowed, boolean allowNonRestoredState,
            long kept, long empty, Map<String, String> afterSettings) {
        static Change of(String name, String before, String after) {
            return new Change(name, before, after, false, false, 5, 2, Map.of());
        }

        Change dedup() {
            return new Change(name, before, after, windowed, allowNonRestoredState, 4, 2, afterSettings);
        }

        Change window() {
            return new Change(name, before, after, true, allowNonRestoredState, 5, 2, afterSettings);
        }

        Change allowingStateLoss() {
            return new Change(name, before, after, windowed, true, kept, empty, afterSettings);
        }

        Change withAfterSettings(Map<String, String> settings) {
            return new Change(name, before, after, windowed, allowNonRestoredState, kept, empty, settings);
        }
    }

    static List<Change> corpus() {
        return List.of(
                Change.of("rename-alias", COUNT, "INSERT INTO `out` SELECT k, c AS cnt FROM (SELECT k, COUNT(*) AS c"
                        + " FROM orders GROUP BY k)"),
                Change.of("add-column-after-aggregation", COUNT, "INSERT INTO `out` SELECT k, cnt, UPPER(k) AS ku FROM"
                        + " (SELECT k, COUNT(*) AS cnt FROM orders GROUP BY k)"),
                Change.of("add-aggregate", COUNT, "INSERT INTO `out` SELECT k, COUNT(*) AS cnt, SUM(amount) AS total"
                        + " FROM orders GROUP BY k"),
                Change.of("change-group-by-keys", COUNT, "INSERT INTO `out` SELECT k, COUNT(*) AS cnt FROM orders"
                        + " GROUP BY k, amount"),
                Change.of("add-filter-before-aggregation", COUNT, COUNT.replace("GROUP BY", "WHERE amount >= 0"
                        + " GROUP BY")),
                Change.of("change-filter-constant", COUNT.replace("GROUP BY", "WHERE amount > 0 GROUP BY"),
                        COUNT.replace("GROUP BY", "WHERE amount > -1 GROUP BY")),
                Change.of("second-insert", COUNT, COUNT + ";\nINSERT INTO out2 SELECT k, SUM(amount) AS cnt FROM orders"
                        + " GROUP BY k"),
                Change.of("second-insert-allowing-state-loss", COUNT, COUNT + ";\nINSERT INTO out2 SELECT k,"
                        + " SUM(amount) AS cnt FROM orders GROUP BY k").allowingStateLoss(),
                Change.of("count-distinct", COUNT, "INSERT INTO `out` SELECT k, COUNT(DISTINCT id) AS cnt FROM"
                        + " orders GROUP BY k"),
                Change.of("join-rename-alias", JOIN, JOIN.replace("AS cnt", "AS cnt").replace("o.k, COUNT",
                        "o.k AS k, COUNT").replace("orders o", "orders AS o")),
                Change.of("add-filter-before-join", JOIN, JOIN.replace("FROM orders o", "FROM (SELECT * FROM orders"
                        + " WHERE amount > 0) o")),
                Change.of("add-joined-column", JOIN, "INSERT INTO `out` SELECT o.k, COUNT(*) AS cnt, MAX(c.region)"
                        + " AS region FROM orders o JOIN customers c ON o.k = c.k GROUP BY o.k"),
                Change.of("add-filter-before-join-allowing-state-loss", JOIN, JOIN.replace("FROM orders o",
                        "FROM (SELECT * FROM orders WHERE amount > 0) o")).allowingStateLoss(),
                Change.of("window-count-column", WINDOW, WINDOW.replace("COUNT(*) AS cnt", "COUNT(id) AS cnt"))
                        .window(),
                Change.of("window-size", WINDOW, WINDOW.replace("'1' HOUR", "'2' HOUR")).window(),
                Change.of("window-add-aggregate", WINDOW, WINDOW.replace("AS cnt", "AS cnt, SUM(amount) AS total"))
                        .window(),
                Change.of("dedup-unchanged-count-renamed", DEDUP, DEDUP.replace("AS rn", "AS row_num").replace(
                        "rn = 1", "row_num = 1")).dedup(),
                Change.of("dedup-add-filter", DEDUP, DEDUP.replace("FROM orders)", "FROM orders WHERE amount > 0)"))
                        .dedup(),
                Change.of("another-max-parallelism", COUNT, COUNT).withAfterSettings(Map.of(
                        "pipeline.max-parallelism", "512")));
    }

    @Test
    void verdictsMatchWhatFlinkDoesOnRestore() throws Exception {
        String chosen = System.getProperty("tributary.upgrade-corpus", "all");
        List<String> names = List.of(chosen.split(","));
        List<Change> changes = corpus().stream().filter(c -> chosen.equals("all") || names.contains(c.name()))
                .toList();
        assertThat(changes).as("changes chosen by -Dtributary.upgrade-corpus=" + chosen).isNotEmpty();
        Map<Outcome, Map<Reality, Integer>> matrix = new EnumMap<>(Outcome.class);
        List<String> lines = new ArrayList<>();
        long started = System.nanoTime();
        String run = String.valueOf(System.currentTimeMillis() % 100_000);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Result>> results = new ArrayList<>();
            for (int i = 0; i < changes.size(); i++) {
                Change change = changes.get(i);
                String prefix = "uc" + (i + 1) + "-" + run;
                results.add(pool.submit(() -> judgeAndRun(prefix, change)));
            }
            for (Future<Result> future : results) {
                Result result = future.get(10, TimeUnit.MINUTES);
                matrix.computeIfAbsent(result.predicted(), o -> new EnumMap<>(Reality.class))
                        .merge(result.reality(), 1, Integer::sum);
                lines.add(result.line());
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("[upgrade corpus] %d changes in %d s; confusion matrix (rows predicted, columns reality):%n",
                changes.size(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        System.out.printf("[upgrade corpus] %-15s %6s %14s %13s %6s%n", "", "KEPT", "STARTED_EMPTY", "NOT_RESTORED",
                "OTHER");
        for (Outcome o : Outcome.values()) {
            Map<Reality, Integer> row = matrix.getOrDefault(o, Map.of());
            System.out.printf("[upgrade corpus] %-15s %6d %14d %13d %6d%n", o, row.getOrDefault(Reality.KEPT, 0),
                    row.getOrDefault(Reality.STARTED_EMPTY, 0), row.getOrDefault(Reality.NOT_RESTORED, 0),
                    row.getOrDefault(Reality.OTHER, 0));
        }
        assertThat(matrix.getOrDefault(Outcome.RESTORES, Map.of()).keySet()).as(String.join("\n", lines))
                .allMatch(r -> r == Reality.KEPT);
        assertThat(matrix.getOrDefault(Outcome.STATE_LOST, Map.of()).keySet()).as(String.join("\n", lines))
                .allMatch(r -> r == Reality.STARTED_EMPTY);
        assertThat(matrix.getOrDefault(Outcome.CANNOT_RESTORE, Map.of()).keySet()).as(String.join("\n", lines))
                .allMatch(r -> r == Reality.NOT_RESTORED);
    }

    private static Result judgeAndRun(String prefix, Change change) throws Exception {
        PipelinePlan before = plan(prefix, change.before(), Map.of());
        PipelinePlan after = plan(prefix, change.after(), change.afterSettings());
        StateVerdict verdict = StateJudge.judge(JobOperators.of(before), JobOperators.of(after));
        Outcome predicted = verdict.outcome(change.allowNonRestoredState());
        Reality reality = run(prefix, before, after, change);
        String line = String.format("[upgrade corpus] %-45s predicted %-14s reality %-13s %s", change.name(),
                predicted, reality, verdict.operators().stream().filter(o -> !o.id().isEmpty()
                        && (o.before() == null || !o.before().stateShape().startsWith("uid")))
                        .map(o -> o.fate() + " " + o.name()).toList());
        System.out.println(line);
        return new Result(predicted, reality, line);
    }

    private static PipelinePlan plan(String prefix, String sql, Map<String, String> settings) {
        List<FieldPlan> orders = List.of(new FieldPlan("id", "BIGINT"), new FieldPlan("k", "STRING NOT NULL"),
                new FieldPlan("amount", "BIGINT"), new FieldPlan("ts", "TIMESTAMP(3)"));
        List<FieldPlan> customers = List.of(new FieldPlan("k", "STRING NOT NULL"), new FieldPlan("region", "STRING"),
                new FieldPlan("ts", "TIMESTAMP(3)"));
        List<SourcePlan> sources = new ArrayList<>();
        sources.add(new SourcePlan("orders", prefix + ".orders", RecordFormat.JSON, orders,
                new EventTimePlan("ts", 0, 1_000L)));
        if (sql.contains("customers")) {
            sources.add(new SourcePlan("customers", prefix + ".customers", RecordFormat.JSON, customers,
                    new EventTimePlan("ts", 0, 1_000L)));
        }
        List<SinkPlan> sinks = new ArrayList<>();
        sinks.add(Plans.kafkaSink(prefix, "out", prefix + ".out", List.of("k")));
        if (sql.contains("out2")) {
            sinks.add(Plans.kafkaSink(prefix, "out2", prefix + ".out2", List.of("k")));
        }
        Path dir = Services.target().resolve("upgrade-corpus").resolve(prefix);
        return new PipelinePlan(PipelinePlan.CURRENT_VERSION, "test", prefix,
                KafkaConnectionPlan.plaintext(Services.kafka().bootstrapServers()), sources, sinks, sql,
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.EXACTLY_ONCE), prefix + ".dlq",
                new ParallelismPlan(1, 1, 1), flinkConfiguration(settings));
    }

    private static Map<String, String> flinkConfiguration(Map<String, String> settings) {
        Map<String, String> configuration = new java.util.HashMap<>(settings);
        configuration.put("restart-strategy.type", "none");
        return Map.copyOf(configuration);
    }

    private static String order(long id, String k, String ts) {
        return "{\"id\":" + id + ",\"k\":\"" + k + "\",\"amount\":" + (id * 10) + ",\"ts\":\"" + ts + "\"}";
    }

    private static Reality run(String prefix, PipelinePlan before, PipelinePlan after, Change change)
            throws Exception {
        Topics topics = Topics.of();
        topics.create(1, prefix + ".orders", prefix + ".customers", prefix + ".out", prefix + ".out2",
                prefix + ".dlq");
        Path dir = Services.target().resolve("upgrade-corpus").resolve(prefix);
        topics.produce(prefix + ".customers", List.of("{\"k\":\"a\",\"region\":\"eu\",\"ts\":\"2024-05-01T00:00:00Z\"}"));
        topics.produce(prefix + ".orders", List.of(order(1, "a", "2024-05-01T00:00:10Z"),
                order(2, "a", "2024-05-01T00:00:20Z"), order(3, "a", "2024-05-01T00:00:30Z")));
        String savepoint;
        try {
            InProcess old = InProcess.start(before, dir);
            awaitConsumed(prefix, before, 3);
            savepoint = old.client().stopWithSavepoint(false, before.checkpoints().savepointDirectory(),
                    SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new AssertionError(change.name() + ": the old job did not run and stop with a savepoint", e);
        }
        long outEnd = topics.readAll(prefix + ".out").size();
        topics.produce(prefix + ".orders", List.of(order(4, "a", "2024-05-01T00:00:40Z"),
                order(3, "a", "2024-05-01T00:00:45Z"), order(5, "z", "2024-05-01T03:00:00Z")));
        RuntimeOptions options = RuntimeOptions.forPlan(dir.resolve("plan.json")).withRestorePath(savepoint);
        if (change.allowNonRestoredState()) {
            options = new RuntimeOptions(options.planPath(), savepoint, true, options.parallelism(),
                    options.secretsDir(), options.metricsPort(), options.restPort(),
                    options.brokerMaxTransactionTimeout(), options.maxRecordBytes(), options.jobId());
        }
        InProcess restored;
        try {
            restored = InProcess.start(after, dir, options);
        } catch (Exception e) {
            System.out.println("[upgrade corpus] " + change.name() + ": not submitted: " + firstLine(root(e)));
            return Reality.NOT_RESTORED;
        }
        JobClient client = restored.client();
        try {
            if (!awaitConsumedOrFailed(prefix, after, 6, client)) {
                Throwable failure = failure(client);
                System.out.println("[upgrade corpus] " + change.name() + ": failed: " + firstLine(failure));
                return Reality.NOT_RESTORED;
            }
            long count = probe(topics, prefix, outEnd, change.windowed());
            return count == change.kept() ? Reality.KEPT : count == change.empty() ? Reality.STARTED_EMPTY
                    : report(change, count);
        } finally {
            if (!ended(client)) {
                client.cancel().get(1, TimeUnit.MINUTES);
            }
        }
    }

    private static Reality report(Change change, long count) {
        System.out.println("[upgrade corpus] " + change.name() + ": customer a's count " + count + ", neither "
                + change.kept() + " (kept) nor " + change.empty() + " (started empty)");
        return Reality.OTHER;
    }

    /** Customer a's count in what the new job wrote: its latest count, or the sum over windows. */
    private static long probe(Topics topics, String prefix, long from, boolean windowed) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long count = 0;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            List<ConsumerRecord<byte[], byte[]>> all = topics.readAll(prefix + ".out");
            long now = 0;
            for (ConsumerRecord<byte[], byte[]> r : all.subList((int) Math.min(from, all.size()), all.size())) {
                if (r.value() == null) {
                    continue;
                }
                JsonNode value = JSON.readTree(r.value());
                if ("a".equals(value.path("k").asText())) {
                    now = windowed ? now + value.path("cnt").asLong() : value.path("cnt").asLong();
                }
            }
            if (now != count) {
                count = now;
                stableSince = System.nanoTime();
            } else if (count != 0 && System.nanoTime() - stableSince > Duration.ofSeconds(4).toNanos()) {
                return count;
            }
            Thread.sleep(500);
        }
        return count;
    }

    private static void awaitConsumed(String prefix, PipelinePlan plan, long offset) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try (Admin admin = admin()) {
            while (committed(admin, prefix, plan) < offset) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the old job did not commit offset " + offset + " of " + prefix
                            + ".orders");
                }
                Thread.sleep(200);
            }
        }
    }

    /** True once the job committed {@code offset} on its orders (a checkpoint after them); false when it failed. */
    private static boolean awaitConsumedOrFailed(String prefix, PipelinePlan plan, long offset, JobClient client)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try (Admin admin = admin()) {
            while (committed(admin, prefix, plan) < offset) {
                if (ended(client)) {
                    return false;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the new job neither failed nor committed offset " + offset);
                }
                Thread.sleep(200);
            }
        }
        return true;
    }

    /** Whether the job reached a terminal state; its MiniCluster shuts down with it, then it cannot be asked. */
    private static boolean ended(JobClient client) {
        try {
            return client.getJobStatus().get(1, TimeUnit.MINUTES).isGloballyTerminalState();
        } catch (Exception | Error e) {
            return true;
        }
    }

    private static Throwable failure(JobClient client) {
        try {
            client.getJobExecutionResult().get(1, TimeUnit.MINUTES);
            return new IllegalStateException("finished");
        } catch (Exception e) {
            Throwable t = e;
            while (t.getCause() != null && t.getCause() != t && !String.valueOf(t.getMessage())
                    .contains("state")) {
                t = t.getCause();
            }
            return t;
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Services.kafka().bootstrapServers()));
    }

    private static long committed(Admin admin, String prefix, PipelinePlan plan) throws Exception {
        Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = admin
                .listConsumerGroupOffsets(SourceTables.groupId(plan.namespace(), plan.name()))
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(prefix + ".orders")
                && e.getValue() != null).mapToLong(e -> e.getValue().offset()).sum();
    }

    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse("");
    }
}
