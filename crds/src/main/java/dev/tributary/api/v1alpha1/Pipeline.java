package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** The processing between Sources and Sinks: SQL run as a Flink job with checkpoints and autoscaling. */
@JsonClassDescription("Processing between Sources and Sinks: Flink SQL run as a Flink job with checkpoints, upgrades that keep state, and lag-driven autoscaling.")
@ValidationRule(value = "self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$') && size(self.metadata.name) <= 63",
        message = "metadata.name must be a DNS label (lower-case letters, digits and '-', starting with a letter, at most 63 characters): it names the Services and Deployments Tributary creates")
@Group(Tributary.GROUP)
@Version(Tributary.VERSION)
@ShortNames({"pl", "pipe"})
@Categories(Tributary.CATEGORY)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = Tributary.READY_STATUS_PATH, type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Parallelism", jsonPath = ".status.parallelism", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".status.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Lag", jsonPath = ".status.lag.seconds", type = AdditionalPrinterColumn.Type.NUMBER,
        getDescription = "Estimated seconds to drain the backlog")
@AdditionalPrinterColumn(name = "Reason", jsonPath = Tributary.READY_REASON_PATH, type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Pipeline extends CustomResource<PipelineSpec, PipelineStatus> implements Namespaced {

    @Override
    @Required
    @JsonPropertyDescription("What to run and how: sources, sinks, SQL, parallelism, autoscaling, checkpoints, upgrades.")
    public PipelineSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("The Pipeline as last observed: phase, job, parallelism, lag, checkpoints, savepoints and the autoscaler decision.")
    public PipelineStatus getStatus() {
        return super.getStatus();
    }
}
