package dev.tributary.operator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.PipelinePhase;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

/** The phase follows the JobManager Deployment until the Flink job itself is observed. */
class PipelinePhasesTest {

    private static Deployment jobManager(String available) {
        return new DeploymentBuilder().withNewMetadata().withName("sessionize-jobmanager").endMetadata()
                .withNewStatus().addNewCondition().withType("Available").withStatus(available).endCondition()
                .endStatus().build();
    }

    @Test
    void deployingUntilTheJobManagerIsAvailable() {
        PipelinePhases.Judgement notYet = PipelinePhases.of(null, 0, false);
        assertThat(notYet.phase()).isEqualTo(PipelinePhase.Deploying);
        assertThat(notYet.ready().status).isEqualTo(Condition.FALSE);
        assertThat(notYet.ready().reason).isEqualTo("Deploying");
        assertThat(notYet.deployed().status).isEqualTo(Condition.FALSE);
        assertThat(PipelinePhases.of(jobManager("False"), 0, false).phase()).isEqualTo(PipelinePhase.Deploying);
    }

    @Test
    void runningOnceAvailableSayingTheJobIsNotObservedYet() {
        PipelinePhases.Judgement running = PipelinePhases.of(jobManager("True"), 2, false);
        assertThat(running.phase()).isEqualTo(PipelinePhase.Running);
        assertThat(running.ready().isTrue()).isTrue();
        assertThat(running.ready().message).contains("2 TaskManager(s)").contains("not observed yet");
        assertThat(running.deployed().reason).isEqualTo("JobManagerAvailable");
    }

    @Test
    void suspendedWhenAskedTo() {
        assertThat(PipelinePhases.of(jobManager("True"), 0, true).phase()).isEqualTo(PipelinePhase.Suspended);
    }
}
