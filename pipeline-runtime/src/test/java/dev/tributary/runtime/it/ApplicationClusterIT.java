package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.plan.KafkaSinkPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.api.v1alpha1.SinkType;
import dev.tributary.local.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pipeline as its pods run it: a Flink standalone application cluster (a JobManager process running PipelineMain
 * through Flink's application entry point, TaskManager processes), adaptive scheduler in reactive mode. The job
 * takes every slot there is, grows with a TaskManager, stops with a savepoint through the REST API and a new
 * cluster started with {@code --restore <savepoint>} carries the keyed counts on.
 */
class ApplicationClusterIT {

    private static final int USERS = 10;
    private static final int PER_USER = 50;
    private static final ClickCounts COUNTS = new ClickCounts(USERS, PER_USER);
    private static final int SLOTS = 2;

    @Test
    void reactiveClusterScalesWithTaskManagersStopsWithSavepointAndRestores() throws Exception {
        Topics topics = Topics.of();
        Path dir = Services.target().resolve("appcluster-" + System.currentTimeMillis());
        PipelinePlan plan = ClickCounts.plan(topics, "appcluster", "ac", dir);
        long started = System.nanoTime();

        String savepoint;
        try (ApplicationCluster cluster = new ApplicationCluster(plan, dir.resolve("run-1"), SLOTS)) {
            ChildProcess jobManager = cluster.startJobManager(null);
            cluster.addTaskManager();
            FlinkRest rest = cluster.rest();
            await("the job runs on the one TaskManager's " + SLOTS + " slots", jobManager,
                    () -> "RUNNING".equals(rest.jobState()) && allEqual(rest.vertexParallelism(), SLOTS));
            topics.produce("ac.clicks", COUNTS.round(0));
            COUNTS.awaitTotals(topics, "ac.totals", PER_USER);

            cluster.addTaskManager();
            await("reactive mode: a second TaskManager doubles the parallelism", jobManager,
                    () -> "RUNNING".equals(rest.jobState()) && allEqual(rest.vertexParallelism(), 2 * SLOTS));
            topics.produce("ac.clicks", COUNTS.round(1));
            COUNTS.awaitTotals(topics, "ac.totals", 2 * PER_USER);

            String jobId = rest.jobId();
            savepoint = rest.stopWithSavepoint(plan.checkpoints().savepointDirectory());
            assertThat(savepoint).startsWith(plan.checkpoints().savepointDirectory().replaceFirst("/+$", "")
                    .replace("file:///", "file:/")).contains("/savepoint-" + jobId.substring(0, 6) + "-");
            assertThat(Path.of(java.net.URI.create(savepoint)).resolve("_metadata")).exists();
            await("the stopped job is FINISHED", jobManager, () -> "FINISHED".equals(rest.jobState()));
            OptionalInt exit = jobManager.awaitExit(Duration.ofSeconds(5));
            assertThat(exit).as("the JobManager stays up after its application finished, so the savepoint can be read"
                    + " and its Deployment does not restart the old job; see %s", jobManager.log()).isEmpty();
            System.out.printf("[appcluster] job %s ran at parallelism %d then %d, stopped with savepoint %s after %d s%n",
                    jobId, SLOTS, 2 * SLOTS, savepoint, seconds(started));
        }

        topics.produce("ac.clicks", COUNTS.round(2));
        try (ApplicationCluster cluster = new ApplicationCluster(plan, dir.resolve("run-2"), SLOTS)) {
            ChildProcess jobManager = cluster.startJobManager(savepoint);
            cluster.addTaskManager();
            FlinkRest rest = cluster.rest();
            await("the restored job runs", jobManager, () -> "RUNNING".equals(rest.jobState()));
            JsonNode restored = rest.get("/jobs/" + rest.jobId() + "/checkpoints").path("latest").path("restored");
            assertThat(restored.path("external_path").asText()).isEqualTo(savepoint);
            assertThat(restored.path("is_savepoint").asBoolean()).isTrue();
            System.out.printf("[appcluster] GET /jobs/<id>/checkpoints latest.restored: %s%n", restored);
            Map<String, Long> totals = COUNTS.awaitTotals(topics, "ac.totals", 3 * PER_USER);
            assertThat(totals).hasSize(USERS).allSatisfy((user, n) -> assertThat(n).isEqualTo(3L * PER_USER));
            assertOnlyTmpWasWritten(cluster);
            System.out.printf("[appcluster] restored from the savepoint at parallelism %d: counts went on to %d per"
                    + " user; %d s in all%n", SLOTS, 3 * PER_USER, seconds(started));
        }
    }

    @Test
    void aRefusedPlanEndsTheJobManagerWithTheReason() throws Exception {
        Path dir = Services.target().resolve("appcluster-refused-" + System.currentTimeMillis());
        Topics.of().create(1, "acr.clicks", "acr.out", "acr.dlq");
        long aboveBrokerMax = Duration.ofMinutes(20).toMillis();
        PipelinePlan plan = Plans.plan("refused",
                List.of(Plans.source("clicks", "acr.clicks", RecordFormat.JSON, Plans.fields("id", "BIGINT"), null, 0)),
                List.of(new SinkPlan("out", SinkType.KAFKA, new KafkaSinkPlan("acr.out", RecordFormat.JSON, List.of(),
                        aboveBrokerMax, "tributary-test-refused-out"), null, null, null, List.of())),
                "INSERT INTO `out` SELECT id FROM clicks",
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.EXACTLY_ONCE), "acr.dlq", 1);
        try (ApplicationCluster cluster = new ApplicationCluster(plan, dir, SLOTS)) {
            ChildProcess jobManager = cluster.startJobManager(null);
            OptionalInt exit = jobManager.awaitExit(Duration.ofSeconds(90));
            assertThat(exit).as("the JobManager ends instead of idling without a job").hasValue(2);
            assertThat(Files.readString(jobManager.log()))
                    .contains("refusing to start pipeline test/refused")
                    .contains("asks for transactionTimeout 20m but the broker allows at most 15m");
        }
    }

    /** A pod's root filesystem is read-only: nothing may land in a process's working directory, all in its tmp. */
    private static void assertOnlyTmpWasWritten(ApplicationCluster cluster) throws IOException {
        for (Path work : cluster.workDirs()) {
            try (Stream<Path> files = Files.list(work)) {
                assertThat(files.toList()).as("written to the working directory %s", work).isEmpty();
            }
        }
        for (Path tmp : cluster.tmpDirs()) {
            try (Stream<Path> files = Files.list(tmp)) {
                assertThat(files.toList()).as("Flink's own files went to the process's tmp %s", tmp).isNotEmpty();
            }
        }
    }

    private static boolean allEqual(List<Integer> parallelism, int expected) {
        return !parallelism.isEmpty() && parallelism.stream().allMatch(p -> p == expected);
    }

    private static void await(String what, ChildProcess jobManager, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!jobManager.isAlive()) {
                throw new AssertionError(what + ": the JobManager exited with "
                        + jobManager.awaitExit(Duration.ZERO) + "; see " + jobManager.log());
            }
            try {
                if (condition.get()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the REST API answers before the job exists
            }
            FlinkRest.sleep(250);
        }
        throw new AssertionError(what + ": not within 120 s; see " + jobManager.log());
    }

    private static long seconds(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toSeconds();
    }
}
