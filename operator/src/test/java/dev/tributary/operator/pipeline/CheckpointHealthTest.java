package dev.tributary.operator.pipeline;

import dev.tributary.api.plan.CheckpointPlan;
import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.operator.flink.FlinkJob;
import dev.tributary.operator.status.PipelineReason;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** When a running job's checkpoints count as healthy: the Checkpointing condition. */
class CheckpointHealthTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    /** Every 30 s, timing out after 10 min: late once none completed for 10.5 min. */
    private static final CheckpointPlan EVERY_30S = new CheckpointPlan(30_000, 600_000, DeliveryGuarantee.EXACTLY_ONCE,
            "file:///tributary/state/shop/sessionize/checkpoints", null, 3, null);

    @Test
    void aRecentCheckpointIsHealthy() {
        Condition c = CheckpointHealth.of(job("RUNNING", NOW.minusSeconds(40), null), EVERY_30S, NOW);
        assertThat(c.status).isEqualTo(Condition.TRUE);
        assertThat(c.reason).isEqualTo(PipelineReason.CheckpointsCompleting.name());
        assertThat(c.message).as("no times or ids: the message changes only with the judgement")
                .doesNotContainPattern("\\d");
    }

    @Test
    void aJobWithoutACheckpointIsUnknownUntilOneIsLate() {
        Instant started = NOW.minusSeconds(3600);
        assertThat(CheckpointHealth.of(job("RUNNING", null, null), EVERY_30S, started.plusSeconds(60)).reason)
                .isEqualTo(PipelineReason.NoCheckpointYet.name());
        Condition late = CheckpointHealth.of(job("RUNNING", null, null), EVERY_30S, started.plusSeconds(700));
        assertThat(late.status).isEqualTo(Condition.FALSE);
        assertThat(late.reason).isEqualTo(PipelineReason.CheckpointsFailing.name());
    }

    @Test
    void noCheckpointForLongerThanIntervalPlusTimeoutIsFailingWithFlinksReason() {
        Condition c = CheckpointHealth.of(job("RUNNING", NOW.minusSeconds(700),
                "Checkpoint expired before completing."),
                EVERY_30S, NOW);
        assertThat(c.status).isEqualTo(Condition.FALSE);
        assertThat(c.message).contains("within 630s (interval 30s)").contains("Checkpoint expired before completing.");
    }

    @Test
    void aJobThatDoesNotRunIsNotJudgedByItsCheckpoints() {
        Condition c = CheckpointHealth.of(job("RESTARTING", NOW.minusSeconds(3600), null), EVERY_30S, NOW);
        assertThat(c.status).isEqualTo(Condition.UNKNOWN);
        assertThat(c.reason).isEqualTo(PipelineReason.JobNotRunning.name());
    }

    private static FlinkJob job(String state, Instant lastCheckpoint, String failure) {
        return new FlinkJob("job-1", state, NOW.minusSeconds(3600), 0, null, null,
                lastCheckpoint == null ? null : new FlinkJob.Checkpoint(7, lastCheckpoint, "file:/ckpt/chk-7"),
                "plan", null, failure);
    }
}
