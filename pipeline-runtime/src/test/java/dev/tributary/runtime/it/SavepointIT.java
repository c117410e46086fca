package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An upgrade as the operator performs it: stop with a savepoint through Flink's REST API, start again from the
 * savepoint with another parallelism, and the keyed state (counts per user) carries on where it stopped.
 */
class SavepointIT {

    private static final int USERS = 10;
    private static final int PER_USER = 100;
    private static final ClickCounts COUNTS = new ClickCounts(USERS, PER_USER);

    @Test
    void stopWithSavepointChangeParallelismRestoreAndCountsCarryOver() throws Exception {
        Topics topics = Topics.of();
        Path dir = Services.target().resolve("savepoint-" + System.currentTimeMillis());
        PipelinePlan plan = ClickCounts.plan(topics, "savepoint", "sp", dir);

        try (PipelineProcess pipeline = new PipelineProcess(plan, dir, List.of())) {
            pipeline.start(null, 1);
            assertThat(pipeline.vertexParallelism()).containsOnly(1);
            topics.produce("sp.clicks", COUNTS.round(0));
            COUNTS.awaitTotals(topics, "sp.totals", PER_USER);

            String savepoint = pipeline.stopWithSavepoint(plan.checkpoints().savepointDirectory());
            assertThat(pipeline.lastExitCode()).as("the job finished, so PipelineMain exited with 0").isZero();
            assertThat(Path.of(java.net.URI.create(savepoint)).resolve("_metadata")).exists();

            topics.produce("sp.clicks", COUNTS.round(1));
            pipeline.start(savepoint, 2);
            assertThat(pipeline.vertexParallelism()).contains(2).allMatch(p -> p <= 2);
            Map<String, Long> totals = COUNTS.awaitTotals(topics, "sp.totals", 2 * PER_USER);
            assertThat(totals).hasSize(USERS).allSatisfy((user, clicks) -> assertThat(clicks).isEqualTo(2L * PER_USER));
            System.out.printf("[savepoint] %d clicks at parallelism 1, stop-with-savepoint %s, %d more, restored at"
                    + " parallelism 2: every user's count continued to %d%n", USERS * PER_USER, savepoint,
                    USERS * PER_USER, 2 * PER_USER);
            assertThat(Files.readString(pipeline.log(2))).doesNotContain("Exception in thread \"main\"");
        }
    }
}
