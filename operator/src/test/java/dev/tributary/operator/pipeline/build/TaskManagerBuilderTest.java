package dev.tributary.operator.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.PipelineFixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The TaskManagers: as many as the scaling decision says, joined to the JobManager, near their checkpoints. */
class TaskManagerBuilderTest {

    private Deployment deployment(Pipeline pipeline, int replicas) {
        PipelinePlan plan = PipelineFixtures.plan(pipeline);
        return TaskManagerBuilder.deployment(pipeline, plan, PipelineFixtures.SETTINGS, replicas);
    }

    @Test
    void replicasAreTheScalingDecisionNotTheSpec() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        pipeline.getSpec().replicas = 5;
        Deployment tm = deployment(pipeline, 3);
        assertThat(tm.getMetadata().getName()).isEqualTo("sessionize-taskmanager");
        assertThat(tm.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment(pipeline, 0).getSpec().getReplicas()).as("suspended").isZero();
        assertThatThrownBy(() -> deployment(pipeline, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChangedScalingDecisionDoesNotRollThePods() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        assertThat(deployment(pipeline, 4).getSpec().getTemplate()).isEqualTo(deployment(pipeline, 2).getSpec().getTemplate());
    }

    @Test
    void taskManagersRunFlinksTaskManagerRunnerWithTheClusterSettings() {
        Container tm = deployment(PipelineFixtures.pipeline(), 2).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(tm.getCommand()).containsExactly("/opt/tributary/bin/flink-java", "taskmanager",
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
        assertThat(tm.getArgs()).startsWith("--configDir", "/opt/tributary/conf");
        assertThat(tm.getArgs().subList(2, tm.getArgs().size())).allMatch(a -> a.startsWith("-D") && a.contains("="));
        assertThat(tm.getArgs()).contains("-Djobmanager.rpc.address=sessionize-jobmanager",
                "-Dscheduler-mode=reactive", "-Dtaskmanager.numberOfTaskSlots=2",
                "-Dtaskmanager.memory.process.size=4096m", "-Dmetrics.reporter.prom.port=9249",
                "-Dtaskmanager.host=$(POD_IP)", "-Dio.tmp.dirs=/tmp", "-Dweb.tmpdir=/tmp", "-Dprocess.working-dir=/tmp");
        assertThat(tm.getResources().getLimits()).containsEntry("cpu", new Quantity("2"))
                .containsEntry("memory", new Quantity("4Gi"));
        assertThat(tm.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("POD_IP");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        });
    }

    @Test
    void aReadWriteOnceVolumeColocatesTaskManagersWithTheJobManager() {
        var affinity = deployment(PipelineFixtures.pipeline(), 2).getSpec().getTemplate().getSpec().getAffinity();
        assertThat(affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()).singleElement()
                .satisfies(term -> {
                    assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(term.getLabelSelector().getMatchLabels())
                            .containsEntry("app.kubernetes.io/instance", "sessionize")
                            .containsEntry("app.kubernetes.io/component", "jobmanager");
                });
    }

    @Test
    void aReadWriteManyVolumeOrAnObjectStoreLetsTaskManagersSpread() {
        Pipeline rwx = PipelineFixtures.pipeline(PipelineFixtures.SESSIONIZE.replace("storageClassName: fast",
                "storageClassName: nfs, accessMode: ReadWriteMany"));
        assertThat(deployment(rwx, 2).getSpec().getTemplate().getSpec().getAffinity()).isNull();
        Pipeline s3 = PipelineFixtures.pipeline(PipelineFixtures.SESSIONIZE.replace(
                "{volume: {size: 10Gi, storageClassName: fast}}", "{objectStore: {uri: \"s3://ckpt/pipelines\"}}"));
        Deployment tm = deployment(s3, 2);
        assertThat(tm.getSpec().getTemplate().getSpec().getAffinity()).isNull();
        assertThat(tm.getSpec().getTemplate().getSpec().getVolumes()).noneSatisfy(v ->
                assertThat(v.getPersistentVolumeClaim()).isNotNull());
    }

    @Test
    void bothProcessesMountTheSharedCheckpointVolume() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        var tm = deployment(pipeline, 1).getSpec().getTemplate().getSpec();
        var jm = JobManagerBuilder.deployment(pipeline, PipelineFixtures.plan(pipeline), PipelineFixtures.SETTINGS, (String) null)
                .getSpec().getTemplate().getSpec();
        for (var pod : java.util.List.of(tm, jm)) {
            assertThat(pod.getVolumes()).filteredOn(v -> v.getPersistentVolumeClaim() != null)
                    .extracting(v -> v.getPersistentVolumeClaim().getClaimName()).containsExactly("sessionize-checkpoints");
            assertThat(pod.getContainers().get(0).getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getMountPath()).isEqualTo("/tributary/state");
                assertThat(m.getReadOnly()).isFalse();
            });
        }
    }
}
