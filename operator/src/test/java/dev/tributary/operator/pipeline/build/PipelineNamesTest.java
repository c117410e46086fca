package dev.tributary.operator.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.PipelineFixtures;
import org.junit.jupiter.api.Test;

/** The names of a Pipeline's children. */
class PipelineNamesTest {

    @Test
    void childrenAreNamedAfterThePipeline() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        assertThat(PipelineNames.planConfigMap(pipeline)).isEqualTo("sessionize-plan");
        assertThat(PipelineNames.checkpointVolume(pipeline)).isEqualTo("sessionize-checkpoints");
        assertThat(PipelineNames.jobManager(pipeline)).isEqualTo("sessionize-jobmanager");
        assertThat(PipelineNames.taskManager(pipeline)).isEqualTo("sessionize-taskmanager");
        assertThat(PipelineNames.pipelineWide(pipeline)).isEqualTo("sessionize");
    }

    @Test
    void aLongPipelineNameStillGivesValidStableAndDistinctServiceNamesAndLabels() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        pipeline.getMetadata().setName("a-very-long-pipeline-name-that-a-team-chose-to-describe-its-purpose");
        String jobManager = PipelineNames.jobManager(pipeline);
        assertThat(jobManager).hasSizeLessThanOrEqualTo(63).matches("[a-z]([-a-z0-9]*[a-z0-9])?")
                .isEqualTo(PipelineNames.jobManager(pipeline))
                .isNotEqualTo(PipelineNames.taskManager(pipeline));
        assertThat(PipelineLabels.selector(pipeline).get(PipelineLabels.INSTANCE)).hasSizeLessThanOrEqualTo(63);
    }
}
