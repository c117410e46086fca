package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Results written to a Kafka topic. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaSinkSpec {

    @JsonPropertyDescription("The topic to write. Created and owned by Tributary unless external is true."
            + " Defaults to <namespace>.<sink name>.")
    public TopicSpec topic;

    @JsonPropertyDescription("How records are encoded: json (default), avro, csv or raw.")
    public RecordFormat format;

    @Size(max = 32)
    @JsonPropertyDescription("Columns whose values form the Kafka record key, so that records with the same key land"
            + " in the same partition. Unset: records have no key.")
    public List<@Size(min = 1, max = 128) @Pattern(ApiPatterns.COLUMN_NAME) String> keyFields;

    @Size(max = 32)
    @Pattern(ApiPatterns.DURATION)
    @JsonPropertyDescription("Kafka transaction timeout of an exactly-once sink, for example 15m. It must exceed"
            + " checkpoints.interval + checkpoints.timeout + the restart budget (2m), and must not exceed the broker's"
            + " transaction.max.timeout.ms. Defaults to 15m, the broker's default maximum.")
    public String transactionTimeout;

    public RecordFormat formatOrDefault() {
        return format == null ? RecordFormat.JSON : format;
    }
}
