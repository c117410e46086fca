package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Synthetic records written into the Source's topic, for demos, tests and benchmarks. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GeneratorSpec {

    @Required
    @Min(1)
    @Max(10000000)
    @JsonPropertyDescription("Records per second to produce.")
    public Integer ratePerSecond;

    @Min(1)
    @JsonPropertyDescription("Stop after this many records. Unset: produce until the Source is deleted or the generator removed.")
    public Long maxRecords;

    @Size(max = 32)
    @Pattern(ApiPatterns.DURATION)
    @JsonPropertyDescription("Event-time fields lag generation time by a random delay up to this (in event time), to exercise"
            + " watermarks with out-of-order data, for example 2s. Unset: in order.")
    public String outOfOrder;

    @Min(1)
    @Max(100000)
    @JsonPropertyDescription("Event time passes this many times faster than the wall clock, so that windows of"
            + " minutes or hours close within seconds in a demo. Default 1 (real time).")
    public Integer timeScale;

    @Size(max = 256)
    @JsonPropertyDescription("How particular fields are filled; the others get values that fit their type.")
    public List<GeneratorFieldSpec> fields;

    @Size(min = 1, max = 16)
    @JsonPropertyDescription("The fields whose values make each record's Kafka key, as a JSON object of those fields"
            + " (the way Tributary's upsert Kafka sinks write keys), so that a compacted topic keeps the last record"
            + " per key and records with one key share a partition. Unset: records have no key.")
    public List<@Size(min = 1, max = 128) @Pattern(ApiPatterns.COLUMN_NAME) String> key;

    @Size(max = 16)
    @JsonPropertyDescription("Runs of consecutive records with one key value that follow a pattern (a session, a"
            + " machine running hot, a card being tested), so that the cases a pipeline looks for occur often.")
    public List<GeneratorBurstSpec> bursts;

    public int timeScaleOrDefault() {
        return timeScale == null ? 1 : timeScale;
    }
}
