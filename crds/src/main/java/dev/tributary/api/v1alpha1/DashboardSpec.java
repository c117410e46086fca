package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Grafana dashboard, and optionally alert rules, for a set of Pipelines. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DashboardSpec {

    @Required
    @JsonPropertyDescription("The Pipelines to show: by names or by selector.")
    public PipelineSelection pipelines;

    @Size(max = 128)
    @JsonPropertyDescription("Dashboard title. Defaults to the Dashboard's name.")
    public String title;

    @Size(max = 16)
    @Pattern("^[0-9]+(s|m|h)$")
    @JsonPropertyDescription("How often Grafana refreshes the dashboard, for example 30s. Defaults to 30s.")
    public String refresh;

    @JsonPropertyDescription("How the dashboard reaches Grafana. Defaults to a ConfigMap for the Grafana sidecar.")
    public GrafanaSpec grafana;

    @JsonPropertyDescription("Prometheus alert rules for the selected pipelines.")
    public AlertsSpec alerts;
}
