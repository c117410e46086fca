package dev.tributary.api.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tributary.api.v1alpha1.SinkType;
import java.util.List;

/** A Sink as the runtime writes it: exactly one of the typed parts is set, matching {@code type}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SinkPlan(String name, SinkType type, KafkaSinkPlan kafka, JdbcSinkPlan jdbc,
        FilesystemSinkPlan filesystem, WebhookSinkPlan webhook, List<FieldPlan> fields) {

    public SinkPlan {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }
}
