package dev.tributary.operator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.build.DesiredHash;
import dev.tributary.operator.pipeline.build.DisruptionBudgetBuilder;
import dev.tributary.operator.pipeline.build.JobDeployment;
import dev.tributary.operator.pipeline.build.JobManagerBuilder;
import dev.tributary.operator.pipeline.build.NetworkPolicyBuilder;
import dev.tributary.operator.pipeline.build.PlanConfigMapBuilder;
import dev.tributary.operator.pipeline.build.TaskManagerBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedChildrenTest {

    private final Pipeline pipeline = PipelineFixtures.pipeline();
    private final PipelinePlan plan = PipelineFixtures.plan(pipeline);

    @Test
    void aDeploymentKeepsWhatTheOperatorReadsOfIt() {
        String jobId = JobDeployment.jobId("uid-1", "plan-1", "latest", "2026-11-23T10:00:00Z");
        Deployment jm = JobManagerBuilder.deployment(pipeline, plan, PipelineFixtures.SETTINGS,
                new JobDeployment("latest", true, jobId));
        String hash = DesiredHash.stamp(jm);
        jm.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1)
                .withConditions(new DeploymentConditionBuilder().withType("Available").withStatus("True").build())
                .build());
        jm.getMetadata().setResourceVersion("42");

        Deployment kept = CachedChildren.keptOf(copy(jm));

        assertThat(DesiredHash.matches(kept, hash)).isTrue();
        assertThat(DesiredHash.upToDate(jm, kept, hash)).isTrue();
        assertThat(JobManagerBuilder.jobIdOf(kept)).isEqualTo(jobId);
        assertThat(PipelinePhases.available(kept)).isTrue();
        assertThat(kept.getSpec().getReplicas()).isEqualTo(jm.getSpec().getReplicas());
        assertThat(kept.getMetadata()).isEqualTo(jm.getMetadata());
        assertThat(kept.getStatus()).isEqualTo(jm.getStatus());
        assertThat(kept.getKind()).isEqualTo("Deployment");
        assertThat(kept.getApiVersion()).isEqualTo("apps/v1");
        var container = kept.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getEnv()).isNullOrEmpty();
        assertThat(container.getSecurityContext()).isNull();
        assertThat(kept.getSpec().getTemplate().getSpec().getVolumes()).isNullOrEmpty();
        assertThat(json(kept).length()).isLessThan(json(jm).length() / 2);
    }

    @Test
    void aScaledByHandDeploymentIsStillSeenAsOutOfDate() {
        Deployment tm = TaskManagerBuilder.deployment(pipeline, plan, PipelineFixtures.SETTINGS, 2);
        String hash = DesiredHash.stamp(tm);
        Deployment scaled = copy(tm);
        scaled.getSpec().setReplicas(5);

        assertThat(DesiredHash.upToDate(tm, CachedChildren.keptOf(scaled), hash)).isFalse();
    }

    @Test
    void theOtherChildrenKeepTheirMetadataOnlyExceptThePlanWhichIsReadBack() {
        Service service = JobManagerBuilder.service(pipeline);
        for (HasMetadata child : List.of(service, DisruptionBudgetBuilder.build(pipeline),
                NetworkPolicyBuilder.build(pipeline, plan, PipelineFixtures.SETTINGS))) {
            DesiredHash.stamp(child);
            HasMetadata kept = CachedChildren.keptOf(copy(child));
            assertThat(kept.getClass()).isEqualTo(child.getClass());
            assertThat(kept.getKind()).isEqualTo(child.getKind());
            assertThat(kept.getApiVersion()).isEqualTo(child.getApiVersion());
            assertThat(kept.getMetadata()).isEqualTo(child.getMetadata());
            assertThat(json(kept)).doesNotContain("\"spec\"");
        }
        ConfigMap plans = PlanConfigMapBuilder.build(pipeline, plan);
        assertThat(CachedChildren.<HasMetadata>keptOf(copy(plans))).isEqualTo(plans);
        assertThat(PlanHistory.hashes(List.of(CachedChildren.keptOf(copy(plans))), pipeline))
                .isEqualTo(PlanHistory.hashes(List.of(plans), pipeline)).isNotEmpty();
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> T copy(T resource) {
        return (T) Serialization.unmarshal(Serialization.asJson(resource), resource.getClass());
    }

    private static String json(HasMetadata resource) {
        return Serialization.asJson(resource);
    }
}
