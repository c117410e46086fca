package dev.tributary.operator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.CheckpointStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which checkpoint the status reports: fresh enough to be useful, not a write per poll. */
class JobStatusesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration RESYNC = Duration.ofMinutes(2);

    @Test
    void theReportedCheckpointMovesOnOncePerResyncPeriod() {
        CheckpointStatus reported = checkpoint("job-a", 10, NOW.minusSeconds(60));
        CheckpointStatus newer = checkpoint("job-a", 12, NOW.minusSeconds(1));
        assertThat(JobStatuses.reported(reported, Optional.of(newer), NOW, RESYNC)).as("a minute old: kept")
                .isSameAs(reported);
        assertThat(JobStatuses.reported(reported, Optional.of(newer), NOW.plusSeconds(61), RESYNC))
                .as("older than the resync period: the newest").isSameAs(newer);
    }

    @Test
    void aFirstCheckpointOrOneOfAnotherJobIsReportedAtOnce() {
        CheckpointStatus newest = checkpoint("job-b", 1, NOW);
        assertThat(JobStatuses.reported(null, Optional.of(newest), NOW, RESYNC)).isSameAs(newest);
        assertThat(JobStatuses.reported(checkpoint("job-a", 40, NOW.minusSeconds(5)), Optional.of(newest), NOW,
                RESYNC)).isSameAs(newest);
        CheckpointStatus kept = checkpoint("job-a", 40, NOW.minusSeconds(5));
        assertThat(JobStatuses.reported(kept, Optional.empty(), NOW, RESYNC)).isSameAs(kept);
    }

    private static CheckpointStatus checkpoint(String job, long id, Instant time) {
        CheckpointStatus c = new CheckpointStatus();
        c.id = id;
        c.time = time.toString();
        c.path = "file:/tributary/state/shop/sessionize/checkpoints/" + job + "/chk-" + id;
        return c;
    }
}
