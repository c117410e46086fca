package dev.tributary.api.validation;

import dev.tributary.api.v1alpha1.FieldSpec;
import dev.tributary.api.v1alpha1.GeneratorBurstSpec;
import dev.tributary.api.v1alpha1.IngestLimitsSpec;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.api.v1alpha1.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Checks a Source on its own. */
public final class SourceValidator {

    private SourceValidator() {
    }

    public static List<Problem> validate(Source source) {
        SourceSpec spec = source.getSpec();
        List<Problem> problems = new ArrayList<>();
        if (spec == null) {
            problems.add(new Problem("spec", "a Source needs a spec with at least a schema"));
            return problems;
        }
        problems.addAll(TopicValidator.validate("spec.topic", spec.topic,
                spec.topic == null ? null : spec.topic.replicationFactor));
        problems.addAll(SchemaValidator.validate("spec.schema", spec.schema));
        if (spec.formatOrDefault() == RecordFormat.RAW && spec.schema != null && spec.schema.fields != null) {
            List<FieldSpec> fields = spec.schema.fields;
            boolean oneBytesOrString = fields.size() == 1 && fields.get(0).type != null
                    && fields.get(0).type.toUpperCase(Locale.ROOT).matches("^((STRING|BYTES)( NOT NULL)?|(VARCHAR|VARBINARY).*)$");
            if (!oneBytesOrString) {
                problems.add(new Problem("spec.schema.fields", "format raw reads each record as one value: declare"
                        + " exactly one field of type STRING or BYTES"));
            }
        }
        problems.addAll(ingestProblems(spec));
        if (spec.generator != null && spec.schema != null && spec.schema.fields != null) {
            problems.addAll(GeneratorValidator.validate(spec.generator, spec.schema));
            problems.addAll(burstProblems(spec));
        }
        if (spec.generator != null && spec.topic != null && spec.topic.isExternal()) {
            problems.add(new Problem("spec.generator", "a generator writes into a topic Tributary owns: remove"
                    + " the generator or set topic.external to false"));
        }
        if (spec.schema != null && spec.schema.fields != null) {
            problems.addAll(FormatCarriesTypes.problems(spec.formatOrDefault(), spec.schema));
        }
        String cleanup = spec.topic == null || spec.topic.config == null ? null
                : spec.topic.config.get("cleanup.policy");
        if (spec.generator != null && spec.generator.key == null && cleanup != null && cleanup.contains("compact")) {
            problems.add(new Problem("spec.generator", "a generator without a key writes records without keys, which"
                    + " a compacted topic (spec.topic.config cleanup.policy: " + cleanup + ") rejects: set"
                    + " generator.key to the fields that identify a record, set cleanup.policy to delete, or remove"
                    + " the generator"));
        }
        if (spec.generator != null) {
            SchemaValidator.durationProblem("spec.generator.outOfOrder", spec.generator.outOfOrder)
                    .ifPresent(problems::add);
        }
        return problems;
    }

    /**
     * Checks a Source against the other Sources of its namespace, by name: each generator field of kind lookup names
     * one whose generator fills the field it looks up.
     */
    public static List<Problem> validate(Source source, Map<String, Source> sources) {
        if (source.getSpec() == null || source.getSpec().generator == null) {
            return List.of();
        }
        return GeneratorValidator.lookups(source.getSpec().generator, sources, source.getMetadata().getNamespace());
    }

    private static List<Problem> burstProblems(SourceSpec spec) {
        List<Problem> problems = new ArrayList<>();
        if (spec.generator.bursts == null) {
            return problems;
        }
        for (int b = 0; b < spec.generator.bursts.size(); b++) {
            GeneratorBurstSpec burst = spec.generator.bursts.get(b);
            String at = "spec.generator.bursts[" + b + "]";
            if (burst.key != null && spec.schema.field(burst.key).isEmpty()) {
                problems.add(new Problem(at + ".key", "'" + burst.key + "' is not a field of spec.schema"));
            }
            if (burst.steps == null) {
                continue;
            }
            for (int s = 0; s < burst.steps.size(); s++) {
                SchemaValidator.durationProblem(at + ".steps[" + s + "].delay", burst.steps.get(s).delay)
                        .ifPresent(problems::add);
            }
        }
        return problems;
    }

    private static List<Problem> ingestProblems(SourceSpec spec) {
        if (spec.ingest == null || spec.ingest.http == null || spec.ingest.http.limits == null) {
            return List.of();
        }
        IngestLimitsSpec limits = spec.ingest.http.limits;
        if (IngestLimitsSpec.maxRequestBytes(limits) > IngestLimitsSpec.maxInFlightBytes(limits)) {
            return List.of(new Problem("spec.ingest.http.limits.maxRequestBytes", IngestLimitsSpec.REQUEST_OVER_BUDGET));
        }
        return List.of();
    }
}
