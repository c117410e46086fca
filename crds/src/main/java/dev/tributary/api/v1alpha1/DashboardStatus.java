package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The observed state of a Dashboard. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DashboardStatus extends ResourceStatus {

    @JsonPropertyDescription("Names of the Pipelines the dashboard currently shows.")
    public List<String> pipelines;

    @JsonPropertyDescription("Number of Pipelines the dashboard currently shows.")
    public Integer pipelineCount;

    @JsonPropertyDescription("The objects the Dashboard is made of, as Kind/name in its namespace: the Grafana"
            + " dashboard's ConfigMap or GrafanaDashboard, the PrometheusRule and the PodMonitor.")
    public List<String> children;
}
