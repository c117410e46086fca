package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/** The dashboard as JSON in a labelled ConfigMap, picked up by a Grafana sidecar. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GrafanaConfigMapSpec {

    @Size(max = 16)
    @JsonPropertyDescription("Labels the Grafana sidecar watches for. Defaults to grafana_dashboard: \"1\", as"
            + " kube-prometheus-stack expects.")
    public Map<String, @Size(max = 63) String> labels;

    @Size(max = 64)
    @JsonPropertyDescription("Grafana folder to file the dashboard under (set as the grafana_folder annotation).")
    public String folder;
}
