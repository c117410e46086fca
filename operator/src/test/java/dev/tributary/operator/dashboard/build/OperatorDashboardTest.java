package dev.tributary.operator.dashboard.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.operator.metrics.names.OperatorMetricNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorDashboardTest {

    /** Regenerate with {@code tributary render --operator-dashboard > helm/tributary/dashboards/tributary-operator.json}. */
    @Test
    void theChartShipsTheDashboardThisBuildGenerates() throws Exception {
        Path chartCopy = Path.of("..").resolve(OperatorDashboard.CHART_FILE);
        assertThat(Files.readString(chartCopy)).as(chartCopy + " is out of date").isEqualTo(OperatorDashboard.json());
    }

    @Test
    void everyPanelQueriesTheOperatorsMetricsWithAUnitAndALegend() throws Exception {
        JsonNode json = new ObjectMapper().readTree(OperatorDashboard.json());
        assertThat(json.get("uid").asText()).isEqualTo(OperatorDashboard.UID);
        assertThat(json.at("/templating/list").findValuesAsText("name")).containsExactly("datasource");
        List<String> rows = new ArrayList<>();
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : json.get("panels")) {
            if ("row".equals(panel.get("type").asText())) {
                rows.add(panel.get("title").asText());
                continue;
            }
            assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
            assertThat(panel.at("/fieldConfig/defaults/unit").asText()).isNotBlank();
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.get("legendFormat").asText()).isNotBlank();
                exprs.add(target.get("expr").asText());
            }
        }
        assertThat(rows).containsExactly("Reconciles", "Resources", "Operator JVM");
        assertThat(String.join("\n", exprs)).contains(OperatorMetricNames.RECONCILE_SECONDS + "_bucket",
                OperatorMetricNames.RECONCILE_ERRORS, OperatorMetricNames.READY, OperatorMetricNames.PIPELINE_PHASE,
                OperatorMetricNames.PIPELINE_TASKMANAGERS, OperatorMetricNames.PIPELINE_DESIRED_TASKMANAGERS);
    }
}
