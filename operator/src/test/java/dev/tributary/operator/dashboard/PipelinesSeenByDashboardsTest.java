package dev.tributary.operator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.Dashboard;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.operator.dashboard.build.DashboardChildren;
import dev.tributary.operator.dashboard.build.DashboardFixtures;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelinesSeenByDashboardsTest {

    private static final Dashboard WITH_ALERTS = DashboardFixtures.dashboard("shop", "web", """
            pipelines: {selector: {matchLabels: {team: web}}}
            alerts: {enabled: true, lagSeconds: 120, deadLetterRatePerSecond: 0.5, restartsPerHour: 2}""");

    @Test
    void aDashboardBuiltFromTheKeptPipelinesIsTheSameAsFromTheWholeOnes() {
        List<Pipeline> whole = DashboardFixtures.shop();
        whole.forEach(p -> p.setStatus(status()));
        List<Pipeline> kept = whole.stream().map(PipelinesSeenByDashboardsTest::copy)
                .map(PipelinesSeenByDashboards::keptOf).toList();

        DashboardChildren.Desired fromWhole = DashboardChildren.desired(WITH_ALERTS, whole);
        DashboardChildren.Desired fromKept = DashboardChildren.desired(WITH_ALERTS, kept);

        assertThat(fromKept.shownNames()).isEqualTo(fromWhole.shownNames()).containsExactly("enrich", "sessionize");
        assertThat(Serialization.asJson(fromKept.grafana())).isEqualTo(Serialization.asJson(fromWhole.grafana()));
        assertThat(Serialization.asJson(fromKept.alerts().orElseThrow()))
                .isEqualTo(Serialization.asJson(fromWhole.alerts().orElseThrow())).contains("sessionize");
        assertThat(kept.get(0).getStatus()).isNull();
        assertThat(kept.get(0).getSpec().sql).isNull();
    }

    @Test
    void aStatusPatchConcernsNoDashboardButASpecOrLabelChangeDoes() {
        Pipeline before = DashboardFixtures.shop().get(0);
        before.getMetadata().setGeneration(3L);

        Pipeline statusPatched = copy(before);
        statusPatched.setStatus(status());
        assertThat(PipelinesSeenByDashboards.concernsDashboards(statusPatched, before)).isFalse();

        Pipeline respecified = copy(before);
        respecified.getMetadata().setGeneration(4L);
        assertThat(PipelinesSeenByDashboards.concernsDashboards(respecified, before)).isTrue();

        Pipeline recreated = copy(before);
        recreated.getMetadata().setUid("another-uid");
        assertThat(PipelinesSeenByDashboards.concernsDashboards(recreated, before)).as("deleted and made again")
                .isTrue();

        Pipeline relabelled = copy(before);
        relabelled.getMetadata().setLabels(Map.of("team", "sec"));
        assertThat(PipelinesSeenByDashboards.concernsDashboards(relabelled, before)).isTrue();
    }

    private static PipelineStatus status() {
        PipelineStatus status = new PipelineStatus();
        Condition ready = new Condition();
        ready.type = "Ready";
        ready.status = "False";
        ready.message = "The JobManager does not answer.";
        status.conditions = List.of(ready);
        status.planHash = "0123abcd";
        return status;
    }

    private static Pipeline copy(Pipeline pipeline) {
        return Serialization.unmarshal(Serialization.asJson(pipeline), Pipeline.class);
    }
}
