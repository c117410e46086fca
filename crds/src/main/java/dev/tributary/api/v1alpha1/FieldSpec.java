package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One column of a record schema. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FieldSpec {

    /** The Flink SQL type names a field may start with; nested types are checked by the offline validator. */
    public static final String TYPE_PATTERN = "^(?i)(STRING|VARCHAR|CHAR|BOOLEAN|TINYINT|SMALLINT|INT|INTEGER|BIGINT"
            + "|FLOAT|DOUBLE|DECIMAL|NUMERIC|DEC|DATE|TIME|TIMESTAMP|TIMESTAMP_LTZ|BYTES|BINARY|VARBINARY"
            + "|ARRAY|MAP|MULTISET|ROW)([ (<].*)?$";

    @Required
    @Size(min = 1, max = 128)
    @Pattern(ApiPatterns.COLUMN_NAME)
    @JsonPropertyDescription("Column name as used in the pipeline's SQL: a letter or '_' followed by letters, digits or '_'.")
    public String name;

    @Required
    @Size(min = 1, max = 512)
    @Pattern(TYPE_PATTERN)
    @JsonPropertyDescription("Flink SQL data type, for example STRING, BIGINT, DECIMAL(10, 2), TIMESTAMP(3),"
            + " ARRAY<STRING> or ROW<city STRING, zip STRING>. Append NOT NULL for a required field: records"
            + " without it go to the dead-letter topic.")
    public String type;

    public FieldSpec() {
    }

    public FieldSpec(String name, String type) {
        this.name = name;
        this.type = type;
    }
}
