package dev.tributary.api.validation;

import dev.tributary.api.Durations;
import dev.tributary.api.v1alpha1.ApiPatterns;
import dev.tributary.api.v1alpha1.EventTimeSpec;
import dev.tributary.api.v1alpha1.FieldSpec;
import dev.tributary.api.v1alpha1.SchemaSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks a record schema: legal, unique column names; real Flink types; a usable event-time column. */
public final class SchemaValidator {

    private SchemaValidator() {
    }

    public static List<Problem> validate(String path, SchemaSpec schema) {
        List<Problem> problems = new ArrayList<>();
        if (schema == null || schema.fields == null || schema.fields.isEmpty()) {
            problems.add(new Problem(path + ".fields", "declare at least one field (name and Flink SQL type)"));
            return problems;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < schema.fields.size(); i++) {
            FieldSpec field = schema.fields.get(i);
            String at = path + ".fields[" + i + "]";
            if (field.name == null || !field.name.matches(ApiPatterns.COLUMN_NAME)) {
                problems.add(new Problem(at + ".name", "'" + field.name + "' is not a column name: start with a"
                        + " letter or '_' and use only letters, digits and '_'"));
            } else if (!seen.add(field.name)) {
                problems.add(new Problem(at + ".name", "field '" + field.name + "' is declared twice: rename or"
                        + " remove one"));
            }
            if (field.type == null) {
                problems.add(new Problem(at + ".type", "set the field's Flink SQL type, for example STRING"));
            } else {
                FlinkTypeParser.problem(field.type).ifPresent(p -> problems.add(new Problem(at + ".type", p)));
            }
        }
        EventTimeSpec eventTime = schema.eventTime;
        if (eventTime != null) {
            Optional<FieldSpec> field = schema.field(eventTime.field);
            if (field.isEmpty()) {
                problems.add(new Problem(path + ".eventTime.field", "'" + eventTime.field + "' is not a field of"
                        + " the schema: name one of " + schema.fields.stream().map(f -> f.name).toList()));
            } else if (field.get().type != null && !FlinkTypeParser.isTimestamp(field.get().type)) {
                problems.add(new Problem(path + ".eventTime.field", "field '" + eventTime.field + "' has type "
                        + field.get().type + "; event time needs TIMESTAMP(p) or TIMESTAMP_LTZ(p)"));
            } else if (field.get().type != null && !isMillisecondTimestamp(field.get().type)) {
                problems.add(new Problem(path + ".eventTime.field", "field '" + eventTime.field + "' has type "
                        + field.get().type + (field.get().type.contains("(") ? "" : ", which Flink reads as precision 6")
                        + "; Flink keeps event time in milliseconds: declare it TIMESTAMP(3) or TIMESTAMP_LTZ(3)"));
            }
            durationProblem(path + ".eventTime.watermarkDelay", eventTime.watermarkDelay).ifPresent(problems::add);
            durationProblem(path + ".eventTime.idleTimeout", eventTime.idleTimeout).ifPresent(problems::add);
        }
        return problems;
    }

    /** TIMESTAMP(p) or TIMESTAMP_LTZ(p) with p at most 3, the precision Flink keeps event time in. */
    static boolean isMillisecondTimestamp(String type) {
        return java.util.regex.Pattern.compile(SchemaSpec.MILLISECOND_TIMESTAMP)
                .matcher(type.toUpperCase(java.util.Locale.ROOT).replace(" ", "")).find();
    }

    static Optional<Problem> durationProblem(String path, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            Durations.parse(value);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(new Problem(path, e.getMessage()));
        }
    }
}
