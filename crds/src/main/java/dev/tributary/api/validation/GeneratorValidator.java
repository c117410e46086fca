package dev.tributary.api.validation;

import dev.tributary.api.v1alpha1.FieldSpec;
import dev.tributary.api.v1alpha1.GeneratorFieldSpec;
import dev.tributary.api.v1alpha1.GeneratorFieldSpec.Kind;
import dev.tributary.api.v1alpha1.GeneratorLookupSpec;
import dev.tributary.api.v1alpha1.GeneratorSpec;
import dev.tributary.api.v1alpha1.SchemaSpec;
import dev.tributary.api.v1alpha1.Source;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a Source's generator against its schema: each entry names a field, its kind can fill that field's type
 * (bounds and oneOf values that fit it), per and key name fields. What it accepts, the generator writes as records
 * the runtime reads.
 */
final class GeneratorValidator {

    private static final Pattern HEAD = Pattern.compile("^\\s*([A-Za-z_]+)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?");
    private static final Set<String> NESTED = Set.of("ARRAY", "MAP", "MULTISET", "ROW");
    private static final Set<String> TEXT = Set.of("STRING", "CHAR", "VARCHAR");
    private static final Set<String> INTEGERS = Set.of("TINYINT", "SMALLINT", "INT", "INTEGER", "BIGINT");
    private static final Set<String> DECIMALS = Set.of("DECIMAL", "DEC", "NUMERIC");
    private static final int UUID_LENGTH = 36;

    /** A declared type's outermost name and its numbers: DECIMAL(10, 2) is DECIMAL, 10, 2. */
    private record Head(String name, Integer first, Integer second) {

        static Head of(String type) {
            Matcher m = HEAD.matcher(type);
            if (!m.find()) {
                return new Head("", null, null);
            }
            return new Head(m.group(1).toUpperCase(Locale.ROOT), m.group(2) == null ? null : Integer.valueOf(m.group(2)),
                    m.group(3) == null ? null : Integer.valueOf(m.group(3)));
        }

        boolean numeric() {
            return INTEGERS.contains(name) || DECIMALS.contains(name) || name.equals("FLOAT") || name.equals("DOUBLE");
        }

        /** The most characters a text type holds; STRING (and bare VARCHAR) any number. */
        int length() {
            if (name.equals("CHAR")) {
                return first == null ? 1 : first;
            }
            return name.equals("VARCHAR") && first != null ? first : Integer.MAX_VALUE;
        }
    }

    private GeneratorValidator() {
    }

    static List<Problem> validate(GeneratorSpec generator, SchemaSpec schema) {
        List<Problem> problems = new ArrayList<>();
        if (generator.fields != null) {
            for (int i = 0; i < generator.fields.size(); i++) {
                problems.addAll(entry("spec.generator.fields[" + i + "]", generator.fields.get(i), generator.fields,
                        schema));
            }
        }
        if (generator.bursts != null) {
            for (int b = 0; b < generator.bursts.size(); b++) {
                var steps = generator.bursts.get(b).steps;
                for (int s = 0; steps != null && s < steps.size(); s++) {
                    List<GeneratorFieldSpec> fields = steps.get(s).fields;
                    for (int f = 0; fields != null && f < fields.size(); f++) {
                        problems.addAll(entry("spec.generator.bursts[" + b + "].steps[" + s + "].fields[" + f + "]",
                                fields.get(f), generator.fields, schema));
                    }
                }
            }
        }
        if (generator.key != null) {
            Set<String> seen = new HashSet<>();
            for (int k = 0; k < generator.key.size(); k++) {
                String name = generator.key.get(k);
                if (schema.field(name).isEmpty()) {
                    problems.add(new Problem("spec.generator.key[" + k + "]", "'" + name + "' is not a field of"
                            + " spec.schema: name one of " + names(schema)));
                } else if (!seen.add(name)) {
                    problems.add(new Problem("spec.generator.key[" + k + "]", "'" + name + "' is in the key twice:"
                            + " remove one"));
                }
            }
        }
        return problems;
    }

    /** Each lookup names a Source of {@code sources} whose generator fills the field with a kind a lookup can use. */
    static List<Problem> lookups(GeneratorSpec generator, Map<String, Source> sources, String namespace) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; generator.fields != null && i < generator.fields.size(); i++) {
            GeneratorLookupSpec lookup = generator.fields.get(i).lookup;
            if (lookup == null || lookup.source == null || lookup.field == null) {
                continue;
            }
            String at = "spec.generator.fields[" + i + "].lookup";
            Source other = sources.get(lookup.source);
            if (other == null || other.getSpec() == null) {
                problems.add(new Problem(at + ".source", "Source '" + lookup.source + "' does not exist in namespace '"
                        + namespace + "': name a Source whose generator fills '" + lookup.field + "'"));
                continue;
            }
            GeneratorSpec theirs = other.getSpec().generator;
            Optional<GeneratorFieldSpec> entry = theirs == null || theirs.fields == null ? Optional.empty()
                    : theirs.fields.stream().filter(f -> lookup.field.equals(f.name)).findFirst();
            if (entry.isEmpty() || (entry.get().kind != Kind.SEQUENCE && entry.get().kind != Kind.RANDOM
                    && entry.get().kind != Kind.ONE_OF)) {
                problems.add(new Problem(at + ".field", "Source '" + lookup.source + "' has no generator entry for '"
                        + lookup.field + "' of kind sequence, random or oneOf, which a lookup takes its values from:"
                        + " add one to that Source's generator"));
            }
        }
        return problems;
    }

    private static List<Problem> entry(String at, GeneratorFieldSpec g, List<GeneratorFieldSpec> all,
            SchemaSpec schema) {
        List<Problem> problems = new ArrayList<>();
        Optional<FieldSpec> field = schema.field(g.name);
        if (field.isEmpty()) {
            problems.add(new Problem(at + ".name", "'" + g.name + "' is not a field of spec.schema: name one of "
                    + names(schema)));
            return problems;
        }
        if (g.kind == Kind.ONE_OF && (g.values == null || g.values.isEmpty())) {
            problems.add(new Problem(at + ".values", "kind oneOf needs a non-empty values list"));
        }
        if (g.min != null && g.max != null && g.min > g.max) {
            problems.add(new Problem(at + ".min", "min must not exceed max"));
        }
        if (g.kind == Kind.LOOKUP && g.lookup == null) {
            problems.add(new Problem(at + ".lookup", "kind lookup needs lookup: {source, field}, the generated"
                    + " field whose values it takes"));
        }
        if (g.lookup != null && g.kind != Kind.LOOKUP) {
            problems.add(new Problem(at + ".lookup", "lookup goes with kind lookup: set kind to lookup or remove"
                    + " lookup"));
        }
        if (g.per != null) {
            problems.addAll(per(at, g, all, schema));
        }
        String type = field.get().type;
        if (type == null || g.kind == null) {
            return problems;
        }
        if (g.nullRatio != null && g.nullRatio > 0 && FlinkTypeParser.isNotNull(type)) {
            problems.add(new Problem(at + ".nullRatio", "field '" + g.name + "' is NOT NULL, so a record with a"
                    + " null there would be a dead letter: set nullRatio to 0 or declare the field nullable"));
        }
        kindFitsType(at, g, type, Head.of(type)).ifPresent(problems::add);
        return problems;
    }

    private static List<Problem> per(String at, GeneratorFieldSpec g, List<GeneratorFieldSpec> all,
            SchemaSpec schema) {
        List<Problem> problems = new ArrayList<>();
        if (g.per.equals(g.name)) {
            problems.add(new Problem(at + ".per", "per must name another field, not the field itself"));
        } else if (schema.field(g.per).isEmpty()) {
            problems.add(new Problem(at + ".per", "'" + g.per + "' is not a field of spec.schema: name one of "
                    + names(schema)));
        } else if (all != null && all.stream().anyMatch(h -> h.name != null && h.name.equals(g.per) && h.per != null)) {
            problems.add(new Problem(at + ".per", "'" + g.per + "' is itself drawn per another field: name that"
                    + " other field instead"));
        }
        if (g.kind != null && g.kind != Kind.RANDOM && g.kind != Kind.ONE_OF && g.kind != Kind.UUID) {
            problems.add(new Problem(at + ".per", "per draws one value for each value of another field: use it with"
                    + " kind random, oneOf or uuid"));
        }
        return problems;
    }

    private static Optional<Problem> kindFitsType(String at, GeneratorFieldSpec g, String type, Head head) {
        String field = "field '" + g.name + "' has type " + type;
        if (NESTED.contains(head.name())) {
            return g.kind == Kind.RANDOM ? Optional.empty() : Optional.of(new Problem(at + ".kind", field
                    + ", which the generator fills with values that fit it: use kind random (nullRatio still"
                    + " applies), or remove the entry"));
        }
        return switch (g.kind) {
            case EVENT_TIME -> head.name().startsWith("TIMESTAMP") || TEXT.contains(head.name())
                    || head.name().equals("BIGINT") ? Optional.empty() : Optional.of(new Problem(at + ".kind", field
                    + ", and kind eventTime fills TIMESTAMP, TIMESTAMP_LTZ, STRING or BIGINT (epoch milliseconds)"
                    + " fields: change the field's type or the entry's kind"));
            case UUID -> TEXT.contains(head.name()) && head.length() >= UUID_LENGTH ? Optional.empty()
                    : Optional.of(new Problem(at + ".kind", field + ", and a uuid is text of 36 characters: declare"
                    + " the field STRING or VARCHAR(36), or use another kind"));
            case SEQUENCE, RANDOM, LOOKUP -> bounds(at, g, type, head);
            case ONE_OF -> g.values == null ? Optional.empty() : values(at, g, type, head);
        };
    }

    private static Optional<Problem> bounds(String at, GeneratorFieldSpec g, String type, Head head) {
        String field = "field '" + g.name + "' has type " + type;
        boolean counts = head.numeric() || TEXT.contains(head.name()) || head.name().equals("BOOLEAN");
        if (!counts) {
            if (g.kind == Kind.SEQUENCE || g.kind == Kind.LOOKUP) {
                return Optional.of(new Problem(at + ".kind", field + ", and kind " + kindName(g.kind) + " gives"
                        + " numbers: use it on a number or text field, or use kind random (values that fit the"
                        + " type)"));
            }
            return g.min != null || g.max != null ? Optional.of(new Problem(at + ".min", field + ", and min and max"
                    + " bound numbers: remove them (kind random then fills values that fit the type)"))
                    : Optional.empty();
        }
        long min = g.min == null ? 0 : g.min;
        long max = g.max == null ? Math.max(min, 1000) : g.max;
        for (long bound : new long[] {min, max}) {
            Optional<String> why = numberProblem(BigDecimal.valueOf(bound), head);
            if (why.isPresent()) {
                return Optional.of(new Problem(at + (bound == min && g.min != null ? ".min" : ".max"), field + ": "
                        + bound + " " + why.get() + ": set min and max within it" + (g.max == null ? " (max defaults to 1000)"
                        : "")));
            }
        }
        return Optional.empty();
    }

    private static Optional<Problem> values(String at, GeneratorFieldSpec g, String type, Head head) {
        for (int v = 0; v < g.values.size(); v++) {
            String value = g.values.get(v);
            Optional<String> why = textProblem(value, head);
            if (why.isPresent()) {
                return Optional.of(new Problem(at + ".values[" + v + "]", "field '" + g.name + "' has type " + type
                        + ": '" + value + "' " + why.get() + ": change the value or the field's type"));
            }
        }
        return Optional.empty();
    }

    /** Why a number does not fit a type that holds numbers (or their text), or empty. */
    private static Optional<String> numberProblem(BigDecimal n, Head head) {
        String name = head.name();
        if (INTEGERS.contains(name) || DECIMALS.contains(name)) {
            BigDecimal limit = switch (name) {
                case "TINYINT" -> BigDecimal.valueOf(128);
                case "SMALLINT" -> BigDecimal.valueOf(32768);
                case "INT", "INTEGER" -> BigDecimal.valueOf(2147483648L);
                case "BIGINT" -> null;
                default -> BigDecimal.TEN.pow((head.first() == null ? 10 : head.first())
                        - (head.second() == null ? 0 : head.second()));
            };
            boolean fits = limit == null || (INTEGERS.contains(name) ? n.compareTo(limit.negate()) >= 0
                    && n.compareTo(limit) < 0 : n.abs().compareTo(limit) < 0);
            return fits ? Optional.empty() : Optional.of("is out of range for " + name
                    + (DECIMALS.contains(name) ? "(" + head.first() + ", " + head.second() + ")" : ""));
        }
        if (TEXT.contains(name) && n.toPlainString().length() > head.length()) {
            return Optional.of("is longer than " + head.length() + " characters");
        }
        return Optional.empty();
    }

    /** Why a text does not read as a value of the type, or empty. Timestamps the runtime reads in many forms. */
    private static Optional<String> textProblem(String text, Head head) {
        String name = head.name();
        String t = text.strip();
        try {
            if (INTEGERS.contains(name) || DECIMALS.contains(name)) {
                BigDecimal n = new BigDecimal(t);
                if (INTEGERS.contains(name) && n.stripTrailingZeros().scale() > 0) {
                    return Optional.of("is not a whole number");
                }
                return numberProblem(n, head);
            }
            if (name.equals("FLOAT") || name.equals("DOUBLE")) {
                Double.parseDouble(t);
            } else if (name.equals("BOOLEAN") && !t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
                return Optional.of("is not true or false");
            } else if (TEXT.contains(name) && text.length() > head.length()) {
                return Optional.of("is longer than " + head.length() + " characters");
            } else if (name.equals("DATE")) {
                LocalDate.parse(t);
            } else if (name.equals("TIME")) {
                LocalTime.parse(t);
            } else if (name.equals("BINARY") || name.equals("VARBINARY") || name.equals("BYTES")) {
                Base64.getDecoder().decode(t);
            }
            return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of("is not a number");
        } catch (DateTimeParseException e) {
            return Optional.of("is not a " + name + " (write " + (name.equals("DATE") ? "2024-05-01" : "12:30:00")
                    + ")");
        } catch (IllegalArgumentException e) {
            return Optional.of("is not base64");
        }
    }

    private static String kindName(Kind kind) {
        return kind == Kind.SEQUENCE ? "sequence" : kind == Kind.LOOKUP ? "lookup" : kind.name().toLowerCase(Locale.ROOT);
    }

    private static List<String> names(SchemaSpec schema) {
        return schema.fields.stream().map(f -> f.name).toList();
    }
}
