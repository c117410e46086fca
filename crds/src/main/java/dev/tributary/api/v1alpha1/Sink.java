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

/** Where a pipeline's results go: a Kafka topic, a database table, files or a webhook. */
@JsonClassDescription("Where pipeline results go: a Kafka topic, a PostgreSQL table, rolling files or a webhook.")
@Group(Tributary.GROUP)
@Version(Tributary.VERSION)
@ShortNames("snk")
@Categories(Tributary.CATEGORY)
@AdditionalPrinterColumn(name = "Type", jsonPath = ".status.type", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Topic", jsonPath = ".status.topic.name", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Ready", jsonPath = Tributary.READY_STATUS_PATH, type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = Tributary.READY_REASON_PATH, type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Sink extends CustomResource<SinkSpec, SinkStatus> implements Namespaced {

    @Override
    @Required
    @JsonPropertyDescription("The destination: exactly one of kafka, jdbc, filesystem or webhook, and optionally the expected columns.")
    public SinkSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("The Sink as last observed: its type, its topic for a Kafka sink, and its conditions.")
    public SinkStatus getStatus() {
        return super.getStatus();
    }
}
