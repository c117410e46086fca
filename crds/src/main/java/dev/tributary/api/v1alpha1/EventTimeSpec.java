package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Which field carries event time, and how long to wait for records that arrive out of order. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EventTimeSpec {

    public static final String DEFAULT_WATERMARK_DELAY = "5s";

    @Required
    @Size(min = 1, max = 128)
    @Pattern(ApiPatterns.COLUMN_NAME)
    @JsonPropertyDescription("Name of a TIMESTAMP or TIMESTAMP_LTZ field of the schema that holds each record's event time.")
    public String field;

    @Size(max = 32)
    @Pattern(ApiPatterns.DURATION)
    @JsonPropertyDescription("How far out of order records may arrive, for example 5s. Records later than this are"
            + " late: windows that already fired ignore them. Defaults to 5s.")
    public String watermarkDelay;

    @Size(max = 32)
    @Pattern(ApiPatterns.DURATION)
    @JsonPropertyDescription("After this long without records a partition stops holding back the watermark, so"
            + " windows still close when some partitions are quiet, for example 1m. Unset: never idle.")
    public String idleTimeout;

    public EventTimeSpec() {
    }

    public EventTimeSpec(String field) {
        this.field = field;
    }
}
