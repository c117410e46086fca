package dev.tributary.e2e.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One target of one panel of a Grafana dashboard's JSON: where it is, its PromQL and its legend. */
record PanelQuery(String row, String panel, String type, String unit, String refId, String expr, String legend) {

    /** {@code Panel title/A}: how the test names a query. */
    String id() {
        return panel + "/" + refId;
    }

    /** Every target of every panel, in the dashboard's order. */
    static List<PanelQuery> of(JsonNode dashboard) {
        List<PanelQuery> queries = new ArrayList<>();
        String row = "";
        for (JsonNode panel : dashboard.get("panels")) {
            if ("row".equals(panel.get("type").asText())) {
                row = panel.get("title").asText();
                continue;
            }
            for (JsonNode target : panel.get("targets")) {
                queries.add(new PanelQuery(row, panel.get("title").asText(), panel.get("type").asText(),
                        panel.at("/fieldConfig/defaults/unit").asText(), target.get("refId").asText(),
                        target.get("expr").asText(), target.get("legendFormat").asText()));
            }
        }
        return queries;
    }
}
