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

/** A stream of records entering the system: a Kafka topic with a declared schema. */
@JsonClassDescription("A stream of records entering the system: a Kafka topic with a declared schema, optionally fed by a managed HTTP endpoint or a generator.")
@Group(Tributary.GROUP)
@Version(Tributary.VERSION)
@ShortNames("src")
@Categories(Tributary.CATEGORY)
@AdditionalPrinterColumn(name = "Topic", jsonPath = ".status.topic.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Partitions", jsonPath = ".status.topic.partitions", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = Tributary.READY_STATUS_PATH, type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = Tributary.READY_REASON_PATH, type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Source extends CustomResource<SourceSpec, SourceStatus> implements Namespaced {

    @Override
    @Required
    @JsonPropertyDescription("What the stream is: its topic, record format, schema and optional entry points.")
    public SourceSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("The Source as last observed: its topic in Kafka and its conditions.")
    public SourceStatus getStatus() {
        return super.getStatus();
    }
}
