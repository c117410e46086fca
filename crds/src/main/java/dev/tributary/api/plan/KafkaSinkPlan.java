package dev.tributary.api.plan;

import dev.tributary.api.v1alpha1.RecordFormat;
import java.util.List;

/** A Kafka sink: its topic, encoding, key columns and, for exactly-once, its transactions. */
public record KafkaSinkPlan(String topic, RecordFormat format, List<String> keyFields, long transactionTimeoutMs,
        String transactionalIdPrefix) {

    public KafkaSinkPlan {
        keyFields = keyFields == null ? List.of() : List.copyOf(keyFields);
    }
}
