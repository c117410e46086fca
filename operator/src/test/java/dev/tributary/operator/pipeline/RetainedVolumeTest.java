package dev.tributary.operator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.operator.pipeline.build.CheckpointVolumeBuilder;
import dev.tributary.operator.pipeline.build.PipelineChildren;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Pipeline created again with the name of a deleted one finds its retained checkpoint volume and says so. */
class RetainedVolumeTest {

    private static Pipeline pipelineCreatedAt(String timestamp) {
        Pipeline pipeline = PipelineFixtures.pipeline();
        pipeline.getMetadata().setCreationTimestamp(timestamp);
        return pipeline;
    }

    private static PersistentVolumeClaim volumeCreatedAt(Pipeline pipeline, String timestamp) {
        PersistentVolumeClaim claim = CheckpointVolumeBuilder.build(pipeline).orElseThrow();
        claim.getMetadata().setCreationTimestamp(timestamp);
        return claim;
    }

    @Test
    void aVolumeOlderThanANewPipelineIsReusedAndItsStateIsSaidToStayWhereItIs() {
        Pipeline pipeline = pipelineCreatedAt("2026-12-04T10:00:00Z");
        String message = RetainedVolume.reused(pipeline, PipelineFixtures.plan(pipeline),
                volumeCreatedAt(pipeline, "2026-11-01T08:00:00Z")).orElseThrow();
        assertThat(message).contains("sessionize-checkpoints", "retained from an earlier Pipeline named sessionize",
                "starts without state", "file:///tributary/state/checkpoints", "file:///tributary/state/savepoints",
                "untouched");
    }

    @Test
    void theVolumeAPipelineCreatedItselfIsNotAReuse() {
        Pipeline pipeline = pipelineCreatedAt("2026-12-04T10:00:00Z");
        assertThat(RetainedVolume.reused(pipeline, PipelineFixtures.plan(pipeline),
                volumeCreatedAt(pipeline, "2026-12-04T10:00:00Z"))).isEmpty();
        assertThat(RetainedVolume.reused(pipeline, PipelineFixtures.plan(pipeline),
                volumeCreatedAt(pipeline, "2026-12-04T10:00:01Z"))).isEmpty();
        assertThat(RetainedVolume.reused(pipeline, PipelineFixtures.plan(pipeline), null)).isEmpty();
    }

    @Test
    void itIsSaidOnceOnTheFirstDeploymentNotOnEveryReconcile() {
        Pipeline pipeline = pipelineCreatedAt("2026-12-04T10:00:00Z");
        pipeline.setStatus(new PipelineStatus());
        pipeline.getStatus().deployedJobId = "0123456789abcdef0123456789abcdef";
        assertThat(RetainedVolume.reused(pipeline, PipelineFixtures.plan(pipeline),
                volumeCreatedAt(pipeline, "2026-11-01T08:00:00Z"))).isEmpty();
    }

    @Test
    void aPipelineComingBackRunsANewJobIdWithNoStateToRestoreSoTheEarlierJobsCheckpointsAreNotTakenForItsOwn() {
        Pipeline before = PipelineFixtures.pipeline();
        Pipeline again = PipelineFixtures.pipeline();
        again.getMetadata().setUid("7a2d3b5f-0000-4000-8000-000000000002");
        List<String> first = jobManagerArgs(before);
        List<String> second = jobManagerArgs(again);
        assertThat(second).doesNotContain("--restore");
        String firstId = first.get(first.indexOf("--job-id") + 1);
        String secondId = second.get(second.indexOf("--job-id") + 1);
        assertThat(secondId).isNotEqualTo(firstId);
        assertThat(secondId.substring(0, 6)).as("the runtime finds a job's own savepoints by this prefix")
                .isNotEqualTo(firstId.substring(0, 6));
    }

    private static List<String> jobManagerArgs(Pipeline pipeline) {
        return PipelineChildren.desired(pipeline, PipelineFixtures.plan(pipeline), PipelineFixtures.SETTINGS, 2).stream()
                .filter(c -> c instanceof Deployment && c.getMetadata().getName().endsWith("-jobmanager"))
                .map(c -> ((Deployment) c).getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .findFirst().orElseThrow();
    }
}
