package dev.tributary.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
}
