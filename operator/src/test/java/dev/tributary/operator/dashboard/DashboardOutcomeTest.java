package dev.tributary.operator.dashboard;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.Dashboard;
import dev.tributary.operator.dashboard.build.DashboardChildren;
import dev.tributary.operator.dashboard.build.DashboardFixtures;
import dev.tributary.operator.status.DashboardReason;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class DashboardOutcomeTest {

    private static Condition ready(String spec, List<String> failures, boolean grafana, boolean prometheus) {
        Dashboard dashboard = DashboardFixtures.dashboard("shop", "web", spec);
        DashboardChildren.Desired desired = DashboardChildren.desired(dashboard, DashboardFixtures.shop());
        return new DashboardOutcome(desired, failures, grafana, prometheus).ready(dashboard);
    }

    @Test
    void allThereIsAppliedAndSaysHowPrometheusScrapes() {
        Condition withOperator = ready("pipelines: {names: [audit]}", List.of(), false, true);
        assertThat(withOperator.status).isEqualTo("True");
        assertThat(withOperator.reason).isEqualTo(DashboardReason.Applied.name());
        assertThat(withOperator.message).contains("1 Pipeline;", "PodMonitor");
        Condition without = ready("pipelines: {names: [audit]}", List.of(), false, false);
        assertThat(without.reason).isEqualTo(DashboardReason.Applied.name());
        assertThat(without.message).contains("no PodMonitor", "metrics port");
    }

    @Test
    void missingOperatorsAreNamedOnlyWhenTheSpecNeedsThem() {
        Condition alerts = ready("pipelines: {names: [audit]}\nalerts: {enabled: true}", List.of(), true, false);
        assertThat(alerts.status).isEqualTo("False");
        assertThat(alerts.reason).isEqualTo(DashboardReason.PrometheusOperatorMissing.name());
        assertThat(alerts.message).contains("alerts.enabled", "install");
        Condition grafana = ready("""
                pipelines: {names: [audit]}
                grafana: {grafanaOperator: {instanceSelector: {matchLabels: {a: b}}}}""", List.of(), false, true);
        assertThat(grafana.reason).isEqualTo(DashboardReason.GrafanaOperatorMissing.name());
        assertThat(ready("""
                pipelines: {names: [audit]}
                grafana: {grafanaOperator: {instanceSelector: {matchLabels: {a: b}}}}""", List.of(), true, true).reason)
                .isEqualTo(DashboardReason.Applied.name());
    }

    @Test
    void missingPipelinesAndRefusedChildrenAreNotReady() {
        Condition missing = ready("pipelines: {names: [audit, gone]}", List.of(), false, true);
        assertThat(missing.reason).isEqualTo(DashboardReason.PipelinesNotFound.name());
        assertThat(missing.message).as("the field first, as validate names it")
                .startsWith("spec.pipelines.names[1]: Pipeline gone does not exist in namespace shop: create it");
        Condition several = ready("pipelines: {names: [gone, audit, also-gone, lost]}", List.of(), false, true);
        assertThat(several.message).startsWith("spec.pipelines.names[0]: Pipeline gone does not exist")
                .contains("(and 2 more: also-gone, lost)");
        Condition none = ready("pipelines: {selector: {matchLabels: {team: nobody}}}", List.of(), false, true);
        assertThat(none.reason).isEqualTo(DashboardReason.PipelinesNotFound.name());
        assertThat(none.message).contains("selector matches no Pipeline");
        Condition refused = ready("pipelines: {names: [gone]}", List.of("could not apply ConfigMap web-grafana: x."),
                false, true);
        assertThat(refused.reason).as("the most urgent first").isEqualTo(DashboardReason.ApplyFailed.name());
    }
}
