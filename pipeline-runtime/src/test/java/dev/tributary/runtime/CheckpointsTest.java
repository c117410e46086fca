package dev.tributary.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.CheckpointPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @TempDir
    Path dir;

    private void checkpoint(String job, int id, long time, boolean complete) throws Exception {
        Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + id));
        Files.createDirectories(dir.resolve(job).resolve("shared"));
        if (complete) {
            Path metadata = Files.writeString(chk.resolve("_metadata"), "m");
            Files.setLastModifiedTime(metadata, FileTime.fromMillis(time));
        }
    }

    @Test
    void findsTheNewestCompleteCheckpointAcrossJobs() throws Exception {
        checkpoint("job-a", 7, 1_000_000, true);
        checkpoint("job-b", 3, 3_000_000, true);
        checkpoint("job-b", 4, 4_000_000, false);
        checkpoint("job-a", 8, 2_000_000, true);
        assertThat(Checkpoints.latest(dir.toUri().toString())).hasValueSatisfying(p -> assertThat(p).endsWith("job-b/chk-3"));
    }

    @Test
    void nothingWhenThereIsNoCompleteCheckpointOrNoDirectory() throws Exception {
        assertThat(Checkpoints.latest(dir.resolve("missing").toString())).isEmpty();
        checkpoint("job", 1, 1, false);
        assertThat(Checkpoints.latest(dir.toString())).isEmpty();
    }

    @Test
    void aJobWithAFixedIdResumesItsOwnNewestCheckpointInsteadOfWhatItWasStartedFrom() throws Exception {
        String running = "0123456789abcdef0123456789abcdef";
        String next = "fedcba9876543210fedcba9876543210";
        checkpoint(running, 4, 1_000_000, true);
        checkpoint(running, 5, 2_000_000, true);
        checkpoint("other", 9, 3_000_000, true);
        PipelinePlan plan = TestPlans.plan(List.of(), "INSERT INTO x SELECT 1",
                new CheckpointPlan(1000, 60_000, DeliveryGuarantee.EXACTLY_ONCE, dir.toUri().toString(), null, 3, null));
        String savepoint = "file:/state/savepoints/savepoint-abc";

        assertThat(PipelineRunner.restorePath(plan, savepoint, running)).as("a restarted JobManager")
                .endsWith(running + "/chk-5");
        assertThat(PipelineRunner.restorePath(plan, savepoint, next)).as("a new deployment").isEqualTo(savepoint);
        assertThat(PipelineRunner.restorePath(plan, null, next)).as("a new stateless deployment").isNull();
        assertThat(PipelineRunner.restorePath(plan, RuntimeOptions.LATEST, next)).as("last-state")
                .endsWith("other/chk-9");
        assertThat(Checkpoints.latestOfJob(dir.toString(), next)).isEmpty();
    }

    @Test
    void aSavepointTheJobStoppedWithIsNewerThanItsLastCheckpoint() throws Exception {
        String job = "0123456789abcdef0123456789abcdef";
        checkpoint(job, 5, 2_000_000, true);
        Path savepoints = Files.createDirectories(dir.resolve("savepoints"));
        Path mine = Files.createDirectories(savepoints.resolve("savepoint-012345-aaaaaaaaaaaa"));
        Files.setLastModifiedTime(Files.writeString(mine.resolve("_metadata"), "m"), FileTime.fromMillis(3_000_000));
        Path other = Files.createDirectories(savepoints.resolve("savepoint-fedcba-bbbbbbbbbbbb"));
        Files.setLastModifiedTime(Files.writeString(other.resolve("_metadata"), "m"), FileTime.fromMillis(4_000_000));

        assertThat(Checkpoints.latestStateOfJob(dir.toString(), savepoints.toString(), job))
                .hasValueSatisfying(p -> assertThat(p).endsWith("savepoint-012345-aaaaaaaaaaaa"));
        Files.setLastModifiedTime(mine.resolve("_metadata"), FileTime.fromMillis(1_000_000));
        assertThat(Checkpoints.latestStateOfJob(dir.toString(), savepoints.toString(), job))
                .hasValueSatisfying(p -> assertThat(p).endsWith(job + "/chk-5"));
    }
}
