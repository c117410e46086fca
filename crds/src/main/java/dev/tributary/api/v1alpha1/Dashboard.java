package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** How people watch pipelines: a Grafana dashboard and Prometheus alerts. */
@JsonClassDescription("A Grafana dashboard, and optionally Prometheus alert rules, for a set of Pipelines.")
@Group(Tributary.GROUP)
@Version(Tributary.VERSION)
@ShortNames("dash")
@Categories(Tributary.CATEGORY)
@AdditionalPrinterColumn(name = "Pipelines", jsonPath = ".status.pipelineCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = Tributary.READY_STATUS_PATH, type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = Tributary.READY_REASON_PATH, type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Dashboard extends CustomResource<DashboardSpec, DashboardStatus> implements Namespaced {

    @Override
    @Required
    @JsonPropertyDescription("Which pipelines to show, how the dashboard reaches Grafana, and which alerts to raise.")
    public DashboardSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("The Dashboard as last observed: the pipelines it shows and its conditions.")
    public DashboardStatus getStatus() {
        return super.getStatus();
    }
}
