package dev.tributary.runtime.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.api.Durations;
import dev.tributary.api.plan.FieldPlan;
import dev.tributary.api.v1alpha1.GeneratorBurstSpec;
import dev.tributary.api.v1alpha1.GeneratorBurstStepSpec;
import dev.tributary.api.v1alpha1.GeneratorFieldSpec;
import dev.tributary.api.v1alpha1.GeneratorSpec;
import dev.tributary.api.v1alpha1.RecordFormat;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Turns a Source's {@code spec.generator} into records, without I/O. Deterministic: the same seed and start index
 * give the same records. Record {@code i} has the nominal event time {@code anchor + i × timeScale / rate}, minus
 * a random delay up to {@code outOfOrder} (and a burst step's {@code delay}); bursts put runs of records with one key
 * value in a row. {@code rate} is the rate the records are written at, so event time advances {@code timeScale}
 * seconds per second of the clock whatever the rate ({@code tributary dev --rate} writes more records per second of
 * event time, it does not make event time run ahead).
 */
public final class RecordGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GeneratorSpec spec;
    private final List<FieldPlan> fields;
    private final RecordFormat format;
    private final Map<String, FieldValues> values = new LinkedHashMap<>();
    private final Map<String, GeneratorFieldSpec> entries = new HashMap<>();
    private final long anchorMs;
    private final double eventMsPerRecord;
    private final long outOfOrderMs;
    private final SplittableRandom random;
    private final Deque<Step> burst = new ArrayDeque<>();
    private long index;

    private record Step(String key, Object keyValue, Map<String, GeneratorFieldSpec> overrides, long delayMs) {
    }

    /**
     * @param anchorMs the event time of record 0
     * @param startIndex the first record's index (a run that resumes carries on where the last one stopped)
     */
    public RecordGenerator(GeneratorSpec spec, List<FieldPlan> fields, RecordFormat format, long seed, long anchorMs,
            long startIndex) {
        this(spec, fields, format, seed, new GeneratorPosition(startIndex,
                anchorMs + (long) (startIndex * eventMsPerRecord(spec, spec.ratePerSecond))), spec.ratePerSecond);
    }

    /**
     * @param start the first record's index and nominal event time (a run that resumes carries on where the last
     *     one stopped)
     * @param ratePerSecond the rate the records are written at
     */
    public RecordGenerator(GeneratorSpec spec, List<FieldPlan> fields, RecordFormat format, long seed,
            GeneratorPosition start, int ratePerSecond) {
        if (format != RecordFormat.JSON && format != RecordFormat.CSV) {
            throw new IllegalArgumentException("the generator writes json and csv records, not " + format
                    + ": set the Source's format to json or csv, or remove its generator");
        }
        this.spec = spec;
        this.fields = List.copyOf(fields);
        this.format = format;
        fields.forEach(f -> values.put(f.name(), new FieldValues(f.type())));
        if (spec.fields != null) {
            spec.fields.forEach(f -> entries.put(f.name, f));
        }
        this.eventMsPerRecord = eventMsPerRecord(spec, ratePerSecond);
        long startIndex = start.nextIndex();
        this.anchorMs = start.nextEventTimeMs() - (long) (startIndex * eventMsPerRecord);
        this.outOfOrderMs = spec.outOfOrder == null ? 0 : Durations.parse(spec.outOfOrder).toMillis();
        this.random = new SplittableRandom(seed * 1_000_003L + startIndex);
        this.index = startIndex;
    }

    /** How far event time moves on per record when records are written at {@code ratePerSecond}. */
    public static double eventMsPerRecord(GeneratorSpec spec, int ratePerSecond) {
        return 1000.0 * spec.timeScaleOrDefault() / ratePerSecond;
    }

    /** The index the next record gets. */
    public long nextIndex() {
        return index;
    }

    public GeneratedRecord next() {
        if (burst.isEmpty()) {
            startBurst();
        }
        Step step = burst.poll();
        long nominal = anchorMs + (long) (index * eventMsPerRecord);
        long eventTime = nominal - (outOfOrderMs > 0 ? random.nextLong(outOfOrderMs + 1) : 0)
                - (step == null ? 0 : step.delayMs());
        Map<String, Object> row = new LinkedHashMap<>();
        for (FieldPlan field : fields) {
            GeneratorFieldSpec entry = step != null && step.overrides().containsKey(field.name())
                    ? step.overrides().get(field.name()) : entries.get(field.name());
            Object value = step != null && field.name().equals(step.key()) ? step.keyValue()
                    : values.get(field.name()).next(entry, random, index, eventTime);
            row.put(field.name(), value);
        }
        return new GeneratedRecord(index++, nominal, eventTime, encode(row));
    }

    private void startBurst() {
        if (spec.bursts == null) {
            return;
        }
        for (GeneratorBurstSpec b : spec.bursts) {
            if (b.probability != null && b.probability > 0 && random.nextDouble() < b.probability) {
                Object keyValue = values.get(b.key).next(entries.get(b.key), random, index, anchorMs);
                for (GeneratorBurstStepSpec s : b.steps) {
                    Map<String, GeneratorFieldSpec> overrides = new HashMap<>();
                    if (s.fields != null) {
                        s.fields.forEach(f -> overrides.put(f.name, f));
                    }
                    long delayMs = s.delay == null ? 0 : Durations.parse(s.delay).toMillis();
                    int count = s.minRecordsOrDefault()
                            + random.nextInt(s.maxRecordsOrDefault() - s.minRecordsOrDefault() + 1);
                    for (int i = 0; i < count; i++) {
                        burst.add(new Step(b.key, keyValue, overrides, delayMs));
                    }
                }
                return;
            }
        }
    }

    private byte[] encode(Map<String, Object> row) {
        if (format == RecordFormat.CSV) {
            StringBuilder line = new StringBuilder();
            for (Object value : row.values()) {
                if (!line.isEmpty()) {
                    line.append(',');
                }
                line.append(value == null ? "" : csv(value.toString()));
            }
            return line.toString().getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode node = JSON.createObjectNode();
        row.forEach((name, value) -> {
            if (value == null) {
                node.putNull(name);
            } else if (value instanceof Long l) {
                node.put(name, l);
            } else if (value instanceof Double d) {
                node.put(name, d);
            } else if (value instanceof BigDecimal d) {
                node.put(name, d);
            } else if (value instanceof Boolean b) {
                node.put(name, b);
            } else {
                node.put(name, value.toString());
            }
        });
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String csv(String text) {
        return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
