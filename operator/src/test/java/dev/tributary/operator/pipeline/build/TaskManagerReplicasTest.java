package dev.tributary.operator.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineState;
import dev.tributary.operator.pipeline.PipelineFixtures;
import org.junit.jupiter.api.Test;

/** How many TaskManagers a Pipeline runs before any autoscaler decision. */
class TaskManagerReplicasTest {

    @Test
    void enoughTaskManagersForTheInitialParallelismRoundedUp() {
        Pipeline pipeline = PipelineFixtures.pipeline(); // initial 2, 2 slots each
        PipelinePlan plan = PipelineFixtures.plan(pipeline);
        assertThat(TaskManagerReplicas.desired(pipeline, plan)).isEqualTo(1);
        pipeline.getSpec().parallelism.initial = 5;
        pipeline.getSpec().parallelism.max = 6;
        assertThat(TaskManagerReplicas.desired(pipeline, PipelineFixtures.plan(pipeline))).isEqualTo(3);
        pipeline.getSpec().resources.taskManager.taskSlots = 1;
        assertThat(TaskManagerReplicas.desired(pipeline, PipelineFixtures.plan(pipeline))).isEqualTo(5);
    }

    @Test
    void specReplicasWinWhenSetByHandOrByTheScaleSubresource() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        pipeline.getSpec().replicas = 4;
        assertThat(TaskManagerReplicas.desired(pipeline, PipelineFixtures.plan(pipeline))).isEqualTo(4);
    }

    @Test
    void withAutoscalingOnTheDecisionRecordedInStatusWinsAndIsNeverZero() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        pipeline.getSpec().autoscaling = new dev.tributary.api.v1alpha1.AutoscalingSpec();
        pipeline.getSpec().autoscaling.enabled = true;
        PipelinePlan plan = PipelineFixtures.plan(pipeline);
        assertThat(TaskManagerReplicas.desired(pipeline, plan)).as("before any decision").isEqualTo(1);
        pipeline.setStatus(new dev.tributary.api.v1alpha1.PipelineStatus());
        pipeline.getStatus().autoscaler = new dev.tributary.api.v1alpha1.AutoscalerStatus();
        pipeline.getStatus().autoscaler.desiredReplicas = 3;
        assertThat(TaskManagerReplicas.desired(pipeline, plan)).isEqualTo(3);
        pipeline.getStatus().autoscaler.desiredReplicas = 0;
        assertThat(TaskManagerReplicas.desired(pipeline, plan)).isEqualTo(1);
        pipeline.getSpec().autoscaling.enabled = false;
        pipeline.getSpec().replicas = 2;
        assertThat(TaskManagerReplicas.desired(pipeline, plan)).as("off: spec.replicas again").isEqualTo(2);
    }

    @Test
    void aSuspendedPipelineRunsNoTaskManagers() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        pipeline.getSpec().replicas = 4;
        pipeline.getSpec().state = PipelineState.SUSPENDED;
        assertThat(TaskManagerReplicas.desired(pipeline, PipelineFixtures.plan(pipeline))).isZero();
    }

    @Test
    void parallelismIsEverySlotCappedByTheMaximum() {
        Pipeline pipeline = PipelineFixtures.pipeline(); // 2 slots, max 6
        PipelinePlan plan = PipelineFixtures.plan(pipeline);
        assertThat(TaskManagerReplicas.parallelism(pipeline, plan, 2)).isEqualTo(4);
        assertThat(TaskManagerReplicas.parallelism(pipeline, plan, 5)).isEqualTo(6);
        assertThat(TaskManagerReplicas.parallelism(pipeline, plan, 0)).isZero();
    }
}
