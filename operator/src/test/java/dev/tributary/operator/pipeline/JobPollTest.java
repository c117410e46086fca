package dev.tributary.operator.pipeline;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelinePhase;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.operator.flink.FlinkJob;
import dev.tributary.operator.status.PipelineReason;
import dev.tributary.operator.testing.FakeFlink;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job in a restart loop is not Ready, and says why, within one poll: also when the poll falls between two restarts
 * and Flink says RUNNING.
 */
class JobPollTest {

    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");
    private static final Duration POLL = Duration.ofSeconds(30);
    private static final String BOOM = "java.lang.IllegalStateException: the sink's table does not exist";

    private final FakeFlink flink = new FakeFlink();
    private final Pipeline pipeline = PipelineFixtures.pipeline();
    private Instant now = START;

    /** One poll, as the reconciler makes it; what it records is what the next poll compares with. */
    private PipelinePhases.Judgement poll() {
        PipelineStatus status = new PipelineStatus();
        PipelinePhases.Judgement judgement = JobPoll.judge(flink.job(pipeline), null, pipeline,
                PipelineFixtures.plan(pipeline), 2, status,
                now, Duration.ofMinutes(2));
        pipeline.setStatus(status);
        now = now.plus(POLL);
        return judgement;
    }

    private static FlinkJob job(String id, String state, long restarts, String error, Instant errorTime) {
        return new FlinkJob(id, state, START.minusSeconds(600), restarts, error, errorTime, null, "plan", null, null);
    }

    @Test
    void aRestartCountThatGrewBetweenTwoPollsIsARestartLoopEvenWhenThePollSeesRunning() {
        flink.job = job("job-1", "RUNNING", 0, null, null);
        assertThat(poll().ready().reason).isEqualTo(PipelineReason.JobRunning.name());

        // Flink restarted it three times since; this poll happens to land while it runs. No failure time is known.
        flink.job = job("job-1", "RUNNING", 3, BOOM, null);
        PipelinePhases.Judgement looping = poll();
        assertThat(looping.ready().status).isEqualTo(Condition.FALSE);
        assertThat(looping.ready().reason).isEqualTo(PipelineReason.JobRestarting.name());
        assertThat(looping.ready().message).contains("3 restart(s)", "RUNNING between restarts", "Last error: " + BOOM)
                .doesNotContain("\n");
        assertThat(looping.phase()).isEqualTo(PipelinePhase.Running);
        assertThat(pipeline.getStatus().job.lastError).isEqualTo(BOOM);

        flink.job = job("job-1", "RUNNING", 3, BOOM, null);
        assertThat(poll().ready().reason).as("no restart since the last poll").isEqualTo(PipelineReason.JobRunning.name());
    }

    @Test
    void aJobThatFailedWithinTheWindowStaysRestartingUntilItRunsTheWindowThrough() {
        flink.job = job("job-1", "RUNNING", 1, BOOM, START.minusSeconds(10));
        assertThat(poll().ready().reason).isEqualTo(PipelineReason.JobRestarting.name());
        // The restart backoff is longer than the poll: no new restart in between, yet the loop goes on.
        assertThat(poll().ready().reason).isEqualTo(PipelineReason.JobRestarting.name());
        flink.job = job("job-1", "RUNNING", 2, BOOM, now.minusSeconds(5));
        assertThat(poll().ready().reason).isEqualTo(PipelineReason.JobRestarting.name());
        Instant lastFailure = flink.job.lastErrorTime();
        while (!now.isAfter(lastFailure.plus(PipelinePhases.RESTART_WINDOW))) {
            assertThat(poll().ready().reason).isEqualTo(PipelineReason.JobRestarting.name());
        }
        PipelinePhases.Judgement recovered = poll();
        assertThat(recovered.ready().isTrue()).isTrue();
        assertThat(recovered.ready().message).contains("RUNNING on 2 TaskManager(s) after 2 restart(s)");
    }

    @Test
    void aJobRestartingRightNowSaysWhyInOneLine() {
        flink.job = job("job-1", "RESTARTING", 4, BOOM, START);
        PipelinePhases.Judgement restarting = poll();
        assertThat(restarting.ready().reason).isEqualTo(PipelineReason.JobRestarting.name());
        assertThat(restarting.ready().message).isEqualTo("Job job-1 is RESTARTING (4 restart(s)). Last error: " + BOOM);
    }

    @Test
    void aJobWaitingForResourcesBetweenRestartsIsRestartingNotStarting() {
        flink.job = job("job-1", "RUNNING", 0, null, null);
        poll();
        flink.job = job("job-1", "CREATED", 1, BOOM, null);
        assertThat(poll().ready().reason).isEqualTo(PipelineReason.JobRestarting.name());
    }

    @Test
    void restartsOfAnEarlierJobDoNotCountAgainstANewOne() {
        flink.job = job("job-1", "RUNNING", 0, null, null);
        poll();
        flink.job = job("job-2", "RUNNING", 5, "an old failure", START.minus(Duration.ofHours(1)));
        assertThat(poll().ready().reason).isEqualTo(PipelineReason.JobRunning.name());
    }
}
