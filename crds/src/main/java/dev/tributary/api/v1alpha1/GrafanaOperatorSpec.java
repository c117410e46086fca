package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** The dashboard as a GrafanaDashboard resource of the Grafana operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GrafanaOperatorSpec {

    @Required
    @JsonPropertyDescription("Selects the Grafana instances that show the dashboard.")
    public LabelSelector instanceSelector;
}
