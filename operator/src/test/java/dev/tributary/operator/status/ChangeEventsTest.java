package dev.tributary.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.operator.testing.RecordedEvents;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeEventsTest {

    private final RecordedEvents recorded = new RecordedEvents();
    private final ChangeEvents events = new ChangeEvents(recorded, ChangeEvents.Compare.STATUS_REASON_MESSAGE,
            PipelineReason.PASSING_STEPS);
    private final Pipeline pipeline = pipeline();

    @Test
    void aNewPipelineOnItsWayToRunningRecordsOnlyWhatIsNewsOrWrong() {
        List<Condition> way = List.of(
                Conditions.notReady(PipelineReason.SourceNotReady, "Source clicks is not Ready"),
                Conditions.of(PipelineReason.DEPLOYED, false, PipelineReason.NotDeployed, "nothing applied yet"),
                Conditions.notReady(PipelineReason.Deploying, "the JobManager is starting"),
                Conditions.of(PipelineReason.DEPLOYED, false, PipelineReason.JobManagerUnavailable, "0 of 1"),
                Conditions.of(PipelineReason.UPGRADE, true, PipelineReason.UpToDate, "runs its plan"),
                Conditions.of(PipelineReason.DEPLOYED, true, PipelineReason.JobManagerAvailable, "1 of 1"),
                Conditions.notReady(PipelineReason.JobStarting, "the job is CREATED"),
                Conditions.of(PipelineReason.CHECKPOINTING, false, PipelineReason.NoCheckpointYet, "none yet"),
                Conditions.ready(PipelineReason.JobRunning, "the job is RUNNING"),
                Conditions.of(PipelineReason.CHECKPOINTING, true, PipelineReason.CheckpointsCompleting, "every 10 s"));
        way.forEach(c -> events.record(pipeline, null, c));

        assertThat(recorded.recorded).containsExactly(
                "Warning SourceNotReady Source clicks is not Ready",
                "Normal JobManagerAvailable 1 of 1",
                "Normal JobRunning the job is RUNNING",
                "Normal CheckpointsCompleting every 10 s");
    }

    @Test
    void aProblemAfterAPassingStepIsRecordedAgain() {
        events.record(pipeline, null, Conditions.notReady(PipelineReason.JobManagerUnreachable, "no connection"));
        events.record(pipeline, null, Conditions.notReady(PipelineReason.Deploying, "the JobManager is starting"));
        events.record(pipeline, null, Conditions.notReady(PipelineReason.JobManagerUnreachable, "no connection"));

        assertThat(recorded.recorded).containsExactly("Warning JobManagerUnreachable no connection",
                "Warning JobManagerUnreachable no connection");
    }

    @Test
    void aStepAfterTheConditionWasTrueIsAFallBackAndAnEvent() {
        events.record(pipeline, null, Conditions.ready(PipelineReason.JobRunning, "the job is RUNNING"));
        events.record(pipeline, null, Conditions.of(PipelineReason.DEPLOYED, true, PipelineReason.JobManagerAvailable,
                "1 of 1"));
        events.record(pipeline, null, Conditions.notReady(PipelineReason.Deploying, "the JobManager is starting"));
        events.record(pipeline, null, Conditions.of(PipelineReason.DEPLOYED, false,
                PipelineReason.JobManagerUnavailable, "0 of 1"));
        events.record(pipeline, null, Conditions.of(PipelineReason.DEPLOYED, false,
                PipelineReason.JobManagerUnavailable, "0 of 1, the pod is Pending"));

        assertThat(recorded.recorded).containsExactly("Normal JobRunning the job is RUNNING",
                "Normal JobManagerAvailable 1 of 1", "Warning Deploying the JobManager is starting",
                "Warning JobManagerUnavailable 0 of 1");
    }

    @Test
    void aFallBackSeenOnlyInTheStatusReadCountsToo() {
        PipelineStatus running = new PipelineStatus();
        running.conditions = List.of(Conditions.of(PipelineReason.DEPLOYED, true, PipelineReason.JobManagerAvailable,
                "1 of 1"));
        events.record(pipeline, running, Conditions.of(PipelineReason.DEPLOYED, false,
                PipelineReason.JobManagerUnavailable, "0 of 1"));
        assertThat(recorded.recorded).containsExactly("Warning JobManagerUnavailable 0 of 1");
    }

    @Test
    void aPassingReasonOfAnotherConditionTypeIsStillAnEvent() {
        events.record(pipeline, null, Conditions.of("Scaling", false, PipelineReason.JobNotRunning,
                "the job is not running; autoscaling waits"));
        assertThat(recorded.recorded).containsExactly(
                "Warning JobNotRunning the job is not running; autoscaling waits");
    }

    @Test
    void withoutPassingReasonsEveryChangeIsAnEvent() {
        ChangeEvents all = new ChangeEvents(recorded, ChangeEvents.Compare.STATUS_REASON_MESSAGE);
        all.record(pipeline, null, Conditions.notReady(PipelineReason.Deploying, "the JobManager is starting"));
        all.record(pipeline, null, Conditions.notReady(PipelineReason.Deploying, "the JobManager is starting"));
        PipelineStatus said = new PipelineStatus();
        said.conditions = List.of(Conditions.ready(PipelineReason.JobRunning, "the job is RUNNING"));
        all.record(pipeline, said, Conditions.ready(PipelineReason.JobRunning, "the job is RUNNING"));

        assertThat(recorded.recorded).containsExactly("Warning Deploying the JobManager is starting");
    }

    private static Pipeline pipeline() {
        Pipeline pipeline = new Pipeline();
        pipeline.setMetadata(new ObjectMetaBuilder().withName("orders").withNamespace("shop").withUid("u-1").build());
        return pipeline;
    }
}
