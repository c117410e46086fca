package dev.tributary.operator.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.PipelineFixtures;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every pod and every child of a Pipeline has, whichever builder made it. */
class PipelinePodsTest {

    private static List<PodTemplateSpec> templates(Pipeline pipeline, PipelinePlan plan) {
        return List.of(
                JobManagerBuilder.deployment(pipeline, plan, PipelineFixtures.SETTINGS, (String) null).getSpec().getTemplate(),
                TaskManagerBuilder.deployment(pipeline, plan, PipelineFixtures.SETTINGS, 2).getSpec().getTemplate());
    }

    private static List<HasMetadata> children(Pipeline pipeline, PipelinePlan plan) {
        List<HasMetadata> children = new ArrayList<>();
        children.add(PlanConfigMapBuilder.build(pipeline, plan));
        CheckpointVolumeBuilder.build(pipeline).ifPresent(children::add);
        children.add(JobManagerBuilder.deployment(pipeline, plan, PipelineFixtures.SETTINGS, (String) null));
        children.add(JobManagerBuilder.service(pipeline));
        children.add(TaskManagerBuilder.deployment(pipeline, plan, PipelineFixtures.SETTINGS, 2));
        children.add(DisruptionBudgetBuilder.build(pipeline));
        children.add(NetworkPolicyBuilder.build(pipeline, plan, PipelineFixtures.SETTINGS));
        return children;
    }

    @Test
    void everyPodMeetsTheRestrictedPodSecurityStandard() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        for (PodTemplateSpec template : templates(pipeline, PipelineFixtures.plan(pipeline))) {
            var pod = template.getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).as("the job never talks to the API server").isFalse();
            assertThat(pod.getServiceAccountName()).isEqualTo("pipelines");
            assertThat(pod.getHostNetwork()).isNull();
            assertThat(pod.getHostPID()).isNull();
            assertThat(pod.getVolumes()).as("no hostPath").allSatisfy(v -> assertThat(v.getHostPath()).isNull());
            assertThat(pod.getContainers()).allSatisfy(c -> {
                var security = c.getSecurityContext();
                assertThat(security.getAllowPrivilegeEscalation()).isFalse();
                assertThat(security.getPrivileged()).isFalse();
                assertThat(security.getRunAsNonRoot()).isTrue();
                assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
                assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
                assertThat(security.getReadOnlyRootFilesystem()).isTrue();
                assertThat(c.getVolumeMounts()).anySatisfy(m -> {
                    assertThat(m.getMountPath()).isEqualTo("/tmp");
                    assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(m.getName()))
                            .singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
                });
            });
        }
    }

    @Test
    void aChangedPlanChangesThePodTemplateHashButNeverTheSelectors() {
        Pipeline before = PipelineFixtures.pipeline();
        Pipeline after = PipelineFixtures.pipeline();
        after.getSpec().sql = after.getSpec().sql.replace("COUNT(*) AS clicks FROM clicks GROUP BY user_id;",
                "COUNT(*) + 0 AS clicks FROM clicks GROUP BY user_id;");
        List<PodTemplateSpec> old = templates(before, PipelineFixtures.plan(before));
        List<PodTemplateSpec> changed = templates(after, PipelineFixtures.plan(after));
        for (int i = 0; i < old.size(); i++) {
            String oldHash = old.get(i).getMetadata().getAnnotations().get("tributary.dev/plan-hash");
            String newHash = changed.get(i).getMetadata().getAnnotations().get("tributary.dev/plan-hash");
            assertThat(oldHash).isNotBlank().isNotEqualTo(newHash);
            assertThat(changed.get(i).getMetadata().getLabels()).isEqualTo(old.get(i).getMetadata().getLabels())
                    .doesNotContainValue(newHash);
        }
        assertThat(JobManagerBuilder.deployment(after, PipelineFixtures.plan(after), PipelineFixtures.SETTINGS, (String) null)
                .getSpec().getSelector())
                .isEqualTo(JobManagerBuilder.deployment(before, PipelineFixtures.plan(before), PipelineFixtures.SETTINGS, (String) null)
                        .getSpec().getSelector());
    }

    @Test
    void theSamePipelineAndPlanGiveByteForByteTheSameObjects() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        String first = Serialization.asYaml(children(pipeline, PipelineFixtures.plan(pipeline)));
        Pipeline again = PipelineFixtures.pipeline();
        assertThat(Serialization.asYaml(children(again, PipelineFixtures.plan(again)))).isEqualTo(first);
    }

    @Test
    void secretsAreMountedNeverCopied() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        PipelinePlan plan = PipelineFixtures.plan(pipeline);
        for (PodTemplateSpec template : templates(pipeline, plan)) {
            List<Volume> secrets = template.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null).toList();
            assertThat(secrets).extracting(v -> v.getSecret().getSecretName())
                    .containsExactly("hooks", "kafka-user", "pg");
            assertThat(secrets).allSatisfy(v -> assertThat(v.getSecret().getDefaultMode()).isEqualTo(0440));
            assertThat(secrets.get(0).getSecret().getItems()).extracting(KeyToPath::getKey).containsExactly("token");
            assertThat(secrets.get(1).getSecret().getItems()).extracting(KeyToPath::getKey)
                    .containsExactly("password", "username");
            assertThat(secrets.get(2).getSecret().getItems()).extracting(KeyToPath::getKey, KeyToPath::getPath)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("pass", "pass"),
                            org.assertj.core.groups.Tuple.tuple("user", "user"));
            var container = template.getSpec().getContainers().get(0);
            assertThat(container.getVolumeMounts()).filteredOn(m -> m.getMountPath().startsWith("/etc/tributary/secrets/"))
                    .extracting(m -> m.getMountPath() + (m.getReadOnly() ? " ro" : " rw"))
                    .containsExactly("/etc/tributary/secrets/hooks ro", "/etc/tributary/secrets/kafka-user ro",
                            "/etc/tributary/secrets/pg ro");
            assertThat(container.getEnv()).as("no secret travels in the environment")
                    .allSatisfy(e -> assertThat(e.getValueFrom() == null || e.getValueFrom().getSecretKeyRef() == null).isTrue())
                    .extracting(EnvVar::getName).contains("TRIBUTARY_SECRETS_DIR");
            assertThat(container.getEnvFrom()).isNullOrEmpty();
        }
    }

    @Test
    void checkpointsInAnObjectStoreMountItsCredentials() {
        Pipeline pipeline = PipelineFixtures.pipeline(PipelineFixtures.SESSIONIZE.replace(
                "{volume: {size: 10Gi, storageClassName: fast}}",
                "{objectStore: {uri: \"s3://ckpt/pipelines\", credentialsSecret: {name: s3-keys}}}"));
        PodTemplateSpec jm = templates(pipeline, PipelineFixtures.plan(pipeline)).get(0);
        assertThat(jm.getSpec().getVolumes()).filteredOn(v -> v.getSecret() != null)
                .extracting(v -> v.getSecret().getSecretName()).contains("s3-keys");
    }

    @Test
    void bothFlinkProcessesGetAnS3CompatibleStoresEndpointButNeverItsKeys() {
        Pipeline pipeline = PipelineFixtures.pipeline(PipelineFixtures.SESSIONIZE.replace(
                "{volume: {size: 10Gi, storageClassName: fast}}",
                "{objectStore: {uri: \"s3://ckpt/pipelines\", endpoint: \"http://minio.storage:9000\","
                        + " pathStyleAccess: true, credentialsSecret: {name: s3-keys}}}"));
        for (PodTemplateSpec template : templates(pipeline, PipelineFixtures.plan(pipeline))) {
            List<String> args = template.getSpec().getContainers().get(0).getArgs();
            assertThat(args).contains("-Ds3.endpoint=http://minio.storage:9000", "-Ds3.path.style.access=true",
                    "-Dexecution.checkpointing.dir=s3://ckpt/pipelines/shop/sessionize/checkpoints");
            assertThat(String.join(" ", args)).doesNotContain("access-key", "secret-key");
        }
    }

    @Test
    void everyChildButTheRetainedCheckpointVolumeIsControlledByThePipelineSoDeletingItRemovesThem() {
        Pipeline pipeline = PipelineFixtures.pipeline();
        List<HasMetadata> children = children(pipeline, PipelineFixtures.plan(pipeline));
        assertThat(children).hasSize(7).filteredOn(child -> child instanceof PersistentVolumeClaim).singleElement()
                .satisfies(volume -> assertThat(volume.getMetadata().getOwnerReferences()).isEmpty());
        assertThat(children).filteredOn(child -> !(child instanceof PersistentVolumeClaim)).hasSize(6).allSatisfy(child -> {
            assertThat(child.getMetadata().getNamespace()).isEqualTo("shop");
            assertThat(child.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
                assertThat(owner.getApiVersion()).isEqualTo("tributary.dev/v1alpha1");
                assertThat(owner.getKind()).isEqualTo("Pipeline");
                assertThat(owner.getName()).isEqualTo("sessionize");
                assertThat(owner.getUid()).isEqualTo("6f1c2a9e-0000-4000-8000-000000000001");
                assertThat(owner.getController()).isTrue();
                assertThat(owner.getBlockOwnerDeletion()).isTrue();
            });
            assertThat(child.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/name", "tributary-pipeline")
                    .containsEntry("app.kubernetes.io/instance", "sessionize")
                    .containsEntry("app.kubernetes.io/managed-by", "tributary-operator")
                    .containsEntry("app.kubernetes.io/part-of", "tributary");
        });
    }
}
