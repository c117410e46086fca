package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** How the dashboard reaches Grafana: a ConfigMap (default) or a GrafanaDashboard resource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.configMap) && has(self.grafanaOperator))",
        message = "set at most one of grafana.configMap or grafana.grafanaOperator")
public class GrafanaSpec {

    @JsonPropertyDescription("Write the dashboard JSON into a labelled ConfigMap (the default).")
    public GrafanaConfigMapSpec configMap;

    @JsonPropertyDescription("Emit a GrafanaDashboard resource for the Grafana operator instead.")
    public GrafanaOperatorSpec grafanaOperator;
}
