package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The columns of a record, and optionally which one carries event time. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.fields.all(f, self.fields.exists_one(g, g.name == f.name))", fieldPath = ".fields",
        message = "field names must be unique: rename or remove the duplicate field")
@ValidationRule(value = "!has(self.eventTime) || self.fields.exists(f, f.name == self.eventTime.field)",
        fieldPath = ".eventTime.field", message = "eventTime.field must name one of the schema's fields")
@ValidationRule(value = "!has(self.eventTime) || self.fields.exists(f, f.name == self.eventTime.field"
        + " && f.type.upperAscii().startsWith('TIMESTAMP'))",
        fieldPath = ".eventTime.field",
        message = "eventTime.field must have type TIMESTAMP(p) or TIMESTAMP_LTZ(p): change the field's type or pick another field")
@ValidationRule(value = "!has(self.eventTime) || !self.fields.exists(f, f.name == self.eventTime.field"
        + " && f.type.upperAscii().startsWith('TIMESTAMP')"
        + " && !f.type.upperAscii().replace(' ', '').matches(r'" + SchemaSpec.MILLISECOND_TIMESTAMP + "'))",
        fieldPath = ".eventTime.field",
        message = "eventTime.field must be declared TIMESTAMP(3) or TIMESTAMP_LTZ(3): Flink keeps event time in"
                + " milliseconds, and TIMESTAMP alone means TIMESTAMP(6)")
public class SchemaSpec {

    /** An event-time type Flink can keep (precision 0 to 3), upper case with its blanks removed. */
    public static final String MILLISECOND_TIMESTAMP = "^TIMESTAMP(_LTZ)?\\([0-3]\\)";

    @Required
    @Size(min = 1, max = 256)
    @JsonPropertyDescription("The columns of each record, in order (the order matters for csv).")
    public List<FieldSpec> fields = new ArrayList<>();

    @JsonPropertyDescription("Which field holds event time, and the watermark settings for it. Unset: the pipeline"
            + " can only use processing time.")
    public EventTimeSpec eventTime;

    public SchemaSpec() {
    }

    public SchemaSpec(List<FieldSpec> fields) {
        this.fields = fields;
    }

    public Optional<FieldSpec> field(String name) {
        return fields.stream().filter(f -> f.name.equals(name)).findFirst();
    }
}
