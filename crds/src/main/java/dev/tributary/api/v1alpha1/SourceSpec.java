package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A stream of records entering the system through a Kafka topic. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = TopicRules.NAME_UNCHANGED, fieldPath = ".topic.name", reason = "FieldValueForbidden",
        message = TopicRules.NAME_UNCHANGED_MESSAGE)
@ValidationRule(value = "!has(self.format) || self.format != 'raw' || (size(self.schema.fields) == 1"
        + " && self.schema.fields[0].type.upperAscii().matches('^((STRING|BYTES)( NOT NULL)?|(VARCHAR|VARBINARY).*)$'))",
        fieldPath = ".schema.fields",
        message = "format raw reads each record as one value: declare exactly one field of type STRING or BYTES")
@ValidationRule(value = "!has(self.generator) || !has(self.generator.fields)"
        + " || self.generator.fields.all(g, self.schema.fields.exists(f, f.name == g.name))",
        fieldPath = ".generator.fields", message = "every generator field must name a field of the schema")
@ValidationRule(value = "!has(self.generator) || !has(self.topic) || !has(self.topic.external) || !self.topic.external",
        fieldPath = ".generator", message = "a generator writes into a topic Tributary owns: remove the generator or set topic.external to false")
@ValidationRule(value = "!has(self.generator) || !has(self.generator.key)"
        + " || self.generator.key.all(k, self.schema.fields.exists(f, f.name == k))",
        fieldPath = ".generator.key", message = "every generator key field must name a field of the schema")
@ValidationRule(value = "!has(self.generator) || !has(self.generator.fields)"
        + " || self.generator.fields.all(g, !has(g.per) || self.schema.fields.exists(f, f.name == g.per))",
        fieldPath = ".generator.fields", message = "every generator per must name a field of the schema")
@ValidationRule(value = "!has(self.generator) || !has(self.generator.fields)"
        + " || self.generator.fields.all(g, !has(g.per) || !self.generator.fields.exists(h, h.name == g.per && has(h.per)))",
        fieldPath = ".generator.fields", message = "a generator field's per must name a field that is not itself drawn"
                + " per another field: name that other field instead")
@ValidationRule(value = "!has(self.generator) || has(self.generator.key) || !has(self.topic) || !has(self.topic.config)"
        + " || !('cleanup.policy' in self.topic.config) || !self.topic.config['cleanup.policy'].contains('compact')",
        fieldPath = ".generator", message = "a generator without a key writes records without keys, which a compacted"
                + " topic (cleanup.policy compact) rejects: set generator.key to the fields that identify a record,"
                + " set cleanup.policy to delete, or remove the generator")
public class SourceSpec {

    @JsonPropertyDescription("The Kafka topic that carries the stream. Created and owned by Tributary unless external is true.")
    public TopicSpec topic;

    @JsonPropertyDescription("The Kafka cluster of this resource's topic, when it is not the operator's default cluster.")
    public KafkaConnectionSpec kafkaConnection;

    @JsonPropertyDescription("How records are encoded: json (default), avro, csv or raw.")
    public RecordFormat format;

    @Required
    @JsonPropertyDescription("The columns of each record. A pipeline reads the Source as a SQL table with these columns.")
    public SchemaSpec schema;

    @JsonPropertyDescription("Optional managed entry point that writes into the topic.")
    public IngestSpec ingest;

    @JsonPropertyDescription("Optional synthetic load written into the topic, for demos, tests and benchmarks.")
    public GeneratorSpec generator;

    public RecordFormat formatOrDefault() {
        return format == null ? RecordFormat.JSON : format;
    }
}
