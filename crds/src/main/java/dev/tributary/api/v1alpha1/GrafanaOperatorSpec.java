package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The dashboard as a GrafanaDashboard resource of the Grafana operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GrafanaOperatorSpec {

    @Required
    @JsonPropertyDescription("Selects the Grafana instances that show the dashboard.")
    public Selector instanceSelector;
}
