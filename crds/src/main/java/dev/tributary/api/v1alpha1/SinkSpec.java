package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Where a pipeline's results go: exactly one of kafka, jdbc, filesystem or webhook. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.kafka), has(self.jdbc), has(self.filesystem), has(self.webhook)].filter(x, x).size() == 1",
        message = "set exactly one sink type: kafka, jdbc, filesystem or webhook")
@ValidationRule(value = "(has(self.kafka) && has(self.kafka.topic) && has(self.kafka.topic.name) ? self.kafka.topic.name : '')"
        + " == (has(oldSelf.kafka) && has(oldSelf.kafka.topic) && has(oldSelf.kafka.topic.name) ? oldSelf.kafka.topic.name : '')",
        fieldPath = ".kafka.topic.name", reason = "FieldValueForbidden", message = TopicRules.NAME_UNCHANGED_MESSAGE)
public class SinkSpec {

    @JsonPropertyDescription("The Kafka cluster of this resource's topic, when it is not the operator's default cluster.")
    public KafkaConnectionSpec kafkaConnection;

    @JsonPropertyDescription("Write to a Kafka topic.")
    public KafkaSinkSpec kafka;

    @JsonPropertyDescription("Write to a PostgreSQL table over JDBC.")
    public JdbcSinkSpec jdbc;

    @JsonPropertyDescription("Write rolling files to a path or an object store.")
    public FilesystemSinkSpec filesystem;

    @JsonPropertyDescription("POST each record to an HTTP endpoint, for alerts.")
    public WebhookSinkSpec webhook;

    @JsonPropertyDescription("Optional columns the sink expects; when set, the pipeline's output is checked against them.")
    public SchemaSpec schema;

    @JsonIgnore
    public SinkType type() {
        if (kafka != null) {
            return SinkType.KAFKA;
        }
        if (jdbc != null) {
            return SinkType.JDBC;
        }
        if (filesystem != null) {
            return SinkType.FILESYSTEM;
        }
        return webhook != null ? SinkType.WEBHOOK : null;
    }
}
