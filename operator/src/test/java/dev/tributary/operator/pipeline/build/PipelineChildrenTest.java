package dev.tributary.operator.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.PipelineFixtures;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The children in apply order, each with a stable hash so that a resync that changes nothing applies nothing. */
class PipelineChildrenTest {

    private static List<HasMetadata> children(Pipeline pipeline, int replicas) {
        return PipelineChildren.desired(pipeline, PipelineFixtures.plan(pipeline), PipelineFixtures.SETTINGS, replicas);
    }

    @Test
    void everyChildInApplyOrder() {
        assertThat(children(PipelineFixtures.pipeline(), 1)).extracting(c -> c.getKind() + "/" + c.getMetadata().getName())
                .containsExactly("ConfigMap/sessionize-plan", "PersistentVolumeClaim/sessionize-checkpoints",
                        "Service/sessionize-jobmanager", "Deployment/sessionize-jobmanager",
                        "Deployment/sessionize-taskmanager", "PodDisruptionBudget/sessionize",
                        "NetworkPolicy/sessionize");
    }

    @Test
    void theSamePipelineGivesTheSameHashesAndAChangeChangesOnlyItsChild() {
        List<String> first = children(PipelineFixtures.pipeline(), 1).stream().map(DesiredHash::stamp).toList();
        List<String> again = children(PipelineFixtures.pipeline(), 1).stream().map(DesiredHash::stamp).toList();
        List<String> scaled = children(PipelineFixtures.pipeline(), 2).stream().map(DesiredHash::stamp).toList();
        assertThat(again).isEqualTo(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(scaled.get(i).equals(first.get(i))).as("child %d", i).isEqualTo(i != 4);
        }
    }

    @Test
    void aStampedChildMatchesItsHash() {
        HasMetadata configMap = children(PipelineFixtures.pipeline(), 1).get(0);
        String hash = DesiredHash.stamp(configMap);
        assertThat(DesiredHash.matches(configMap, hash)).isTrue();
        assertThat(DesiredHash.matches(null, hash)).isFalse();
    }

    @Test
    void stampingTwiceGivesTheSameHash() {
        // Deciding again after Flink refused a stop hands the executor the same, already stamped, objects.
        for (HasMetadata child : children(PipelineFixtures.pipeline(), 1)) {
            String first = DesiredHash.stamp(child);
            assertThat(DesiredHash.stamp(child)).as(child.getKind()).isEqualTo(first);
            assertThat(DesiredHash.matches(child, first)).isTrue();
        }
    }

    @Test
    void aDeploymentScaledByHandIsNotUpToDate() {
        io.fabric8.kubernetes.api.model.apps.Deployment desired =
                (io.fabric8.kubernetes.api.model.apps.Deployment) children(PipelineFixtures.pipeline(), 2).get(4);
        String hash = DesiredHash.stamp(desired);
        io.fabric8.kubernetes.api.model.apps.Deployment observed =
                new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(desired).build();
        assertThat(DesiredHash.upToDate(desired, observed, hash)).isTrue();
        observed.getSpec().setReplicas(5);
        assertThat(DesiredHash.upToDate(desired, observed, hash)).isFalse();
    }

    @Test
    void theScaleSubresourceSelectsTheTaskManagerPods() {
        assertThat(PipelineChildren.taskManagerSelector(PipelineFixtures.pipeline())).isEqualTo(
                "app.kubernetes.io/component=taskmanager,app.kubernetes.io/instance=sessionize,"
                        + "app.kubernetes.io/name=tributary-pipeline");
    }
}
