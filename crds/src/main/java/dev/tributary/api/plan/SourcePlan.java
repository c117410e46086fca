package dev.tributary.api.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tributary.api.v1alpha1.RecordFormat;
import java.util.List;

/** A Source as the runtime reads it: a SQL table over a Kafka topic. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourcePlan(String name, String topic, RecordFormat format, List<FieldPlan> fields,
        EventTimePlan eventTime) {

    public SourcePlan {
        fields = List.copyOf(fields);
    }
}
