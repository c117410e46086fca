package dev.tributary.runtime.generator;

import dev.tributary.api.Durations;
import dev.tributary.api.plan.FieldPlan;
import dev.tributary.api.v1alpha1.GeneratorBurstSpec;
import dev.tributary.api.v1alpha1.GeneratorBurstStepSpec;
import dev.tributary.api.v1alpha1.GeneratorFieldSpec;
import dev.tributary.api.v1alpha1.GeneratorLookupSpec;
import dev.tributary.api.v1alpha1.GeneratorSpec;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.runtime.source.Columns;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Turns a Source's {@code spec.generator} into records, without I/O. Deterministic: the same seed and start index
 * give the same records. Record {@code i} has the nominal event time {@code anchor + i × timeScale / rate}, minus
 * a random delay up to {@code outOfOrder} (and a burst step's {@code delay}); bursts put runs of records with one key
 * value in a row. {@code rate} is the rate the records are written at, so event time advances {@code timeScale}
 * seconds per second of the clock whatever the rate ({@code tributary dev --rate} writes more records per second of
 * event time, it does not make event time run ahead).
 *
 * <p>Values are Flink's internal ones for each column's type, nested types included, encoded as the runtime's decoder
 * for the Source's format reads them ({@link RecordEncoder}). A field with {@code per} is drawn from a random source
 * seeded by the seed and the other field's value, so it is the same whenever that value comes again; a field of kind
 * {@code lookup} takes the values another Source's generator gives the field it names; {@code key} fields make the
 * record's key, a JSON object as Tributary's upsert Kafka sinks write keys.
 */
public final class RecordGenerator {

    private final GeneratorSpec spec;
    private final RowType rowType;
    private final List<String> names;
    private final Map<String, FieldValues> values = new HashMap<>();
    private final Map<String, GeneratorFieldSpec> entries = new HashMap<>();
    private final Map<String, GeneratorSpec> otherGenerators;
    private final Map<GeneratorFieldSpec, GeneratorFieldSpec> resolved = new IdentityHashMap<>();
    private final RecordEncoder encoder;
    private final int[] keyPositions;
    private final RecordEncoder keyEncoder;
    private final long seed;
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
                anchorMs + (long) (startIndex * eventMsPerRecord(spec, spec.ratePerSecond))), spec.ratePerSecond,
                Map.of());
    }

    /**
     * @param start the first record's index and nominal event time (a run that resumes carries on where the last
     *     one stopped)
     * @param ratePerSecond the rate the records are written at
     * @param otherGenerators the generators of the other Sources, by Source name, for fields of kind lookup
     */
    public RecordGenerator(GeneratorSpec spec, List<FieldPlan> fields, RecordFormat format, long seed,
            GeneratorPosition start, int ratePerSecond, Map<String, GeneratorSpec> otherGenerators) {
        this.spec = spec;
        this.rowType = Columns.of(fields).rowType();
        this.names = rowType.getFieldNames();
        this.otherGenerators = Map.copyOf(otherGenerators);
        for (int i = 0; i < names.size(); i++) {
            values.put(names.get(i), new FieldValues(names.get(i), rowType.getTypeAt(i)));
        }
        if (spec.fields != null) {
            spec.fields.forEach(f -> entries.put(f.name, f));
        }
        this.encoder = RecordEncoder.forFormat(format, rowType);
        List<String> key = spec.key == null ? List.of() : spec.key;
        this.keyPositions = key.stream().mapToInt(names::indexOf).toArray();
        for (int i = 0; i < keyPositions.length; i++) {
            if (keyPositions[i] < 0) {
                throw new IllegalArgumentException("generator key field '" + key.get(i) + "' is not a field of the"
                        + " schema: name one of " + names);
            }
        }
        this.keyEncoder = key.isEmpty() ? null : new JsonRecordEncoder(new RowType(false, Arrays.stream(keyPositions)
                .mapToObj(i -> rowType.getFields().get(i)).toList()));
        this.seed = seed;
        this.eventMsPerRecord = eventMsPerRecord(spec, ratePerSecond);
        long startIndex = start.nextIndex();
        this.anchorMs = start.nextEventTimeMs() - (long) (startIndex * eventMsPerRecord);
        this.outOfOrderMs = spec.outOfOrder == null ? 0 : Durations.parse(spec.outOfOrder).toMillis();
        this.random = new SplittableRandom(seed * 1_000_003L + startIndex);
        this.index = startIndex;
        entries.values().forEach(this::resolve);
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
        GenericRowData row = new GenericRowData(names.size());
        List<Integer> drawnPer = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            GeneratorFieldSpec entry = entry(step, name);
            if (step != null && name.equals(step.key())) {
                row.setField(i, step.keyValue());
            } else if (entry != null && entry.per != null) {
                drawnPer.add(i);
            } else {
                row.setField(i, values.get(name).next(entry, random, index, eventTime));
            }
        }
        for (int i : drawnPer) {
            GeneratorFieldSpec entry = entry(step, names.get(i));
            Object of = row.getField(names.indexOf(entry.per));
            SplittableRandom perValue = new SplittableRandom(seed * 1_000_003L + hash(names.get(i), of));
            row.setField(i, values.get(names.get(i)).next(entry, perValue, index, eventTime));
        }
        return new GeneratedRecord(index++, nominal, eventTime, key(row), encoder.encode(row));
    }

    private GeneratorFieldSpec entry(Step step, String name) {
        GeneratorFieldSpec entry = step != null && step.overrides().containsKey(name) ? step.overrides().get(name)
                : entries.get(name);
        return entry == null ? null : resolve(entry);
    }

    /** The entry itself, or for kind lookup an entry that draws what the named field of the other Source gets. */
    private GeneratorFieldSpec resolve(GeneratorFieldSpec entry) {
        if (entry.kind != GeneratorFieldSpec.Kind.LOOKUP) {
            return entry;
        }
        return resolved.computeIfAbsent(entry, e -> {
            GeneratorLookupSpec lookup = e.lookup;
            GeneratorSpec other = lookup == null ? null : otherGenerators.get(lookup.source);
            GeneratorFieldSpec target = other == null || other.fields == null ? null : other.fields.stream()
                    .filter(f -> f.name.equals(lookup.field)).findFirst().orElse(null);
            if (target == null || (target.kind != GeneratorFieldSpec.Kind.SEQUENCE
                    && target.kind != GeneratorFieldSpec.Kind.RANDOM && target.kind != GeneratorFieldSpec.Kind.ONE_OF)) {
                throw new IllegalArgumentException("generator field '" + e.name + "' looks up "
                        + (lookup == null ? "nothing" : "field '" + lookup.field + "' of Source '" + lookup.source + "'")
                        + ", which no generator entry of kind sequence, random or oneOf fills: give that Source a"
                        + " generator with such an entry, or change this field's kind");
            }
            GeneratorFieldSpec drawn = new GeneratorFieldSpec();
            drawn.name = e.name;
            drawn.kind = target.kind == GeneratorFieldSpec.Kind.ONE_OF ? GeneratorFieldSpec.Kind.ONE_OF
                    : GeneratorFieldSpec.Kind.RANDOM;
            drawn.min = target.min;
            drawn.max = target.max;
            drawn.values = target.values;
            drawn.nullRatio = e.nullRatio;
            drawn.per = e.per;
            return drawn;
        });
    }

    private byte[] key(GenericRowData row) {
        if (keyEncoder == null) {
            return null;
        }
        GenericRowData key = new GenericRowData(keyPositions.length);
        for (int i = 0; i < keyPositions.length; i++) {
            key.setField(i, row.getField(keyPositions[i]));
        }
        return keyEncoder.encode(key);
    }

    /** A 64-bit hash of a field's name and another field's value, stable across runs and JVMs. */
    private static long hash(String field, Object value) {
        String text = field + '\u0000' + (value instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(value));
        long h = 1125899906842597L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return h;
    }

    private void startBurst() {
        if (spec.bursts == null) {
            return;
        }
        for (GeneratorBurstSpec b : spec.bursts) {
            if (b.probability != null && b.probability > 0 && random.nextDouble() < b.probability) {
                GeneratorFieldSpec keyEntry = entries.get(b.key);
                Object keyValue = values.get(b.key).next(keyEntry == null ? null : resolve(keyEntry), random, index,
                        anchorMs);
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
}
