package dev.tributary.api.validation;

import dev.tributary.api.v1alpha1.FieldSpec;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.api.v1alpha1.SchemaSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a Source's format can carry each declared type, as the runtime's decoders read it: csv carries no nested
 * type; Flink's avro format has no TIMESTAMP_LTZ, no timestamp finer than milliseconds and only text map keys.
 */
final class FormatCarriesTypes {

    private static final Pattern NESTED = Pattern.compile("^\\s*(ARRAY|MAP|MULTISET|ROW)\\b");
    private static final Pattern TIMESTAMP = Pattern.compile("\\bTIMESTAMP\\b\\s*(\\(\\s*(\\d+)\\s*\\))?");
    private static final Pattern MAP_KEY = Pattern.compile("\\b(?:MAP|MULTISET)\\s*<\\s*([A-Z_]+)");

    private FormatCarriesTypes() {
    }

    static List<Problem> problems(RecordFormat format, SchemaSpec schema) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < schema.fields.size(); i++) {
            FieldSpec field = schema.fields.get(i);
            if (field.type == null) {
                continue;
            }
            String type = field.type.toUpperCase(Locale.ROOT);
            Optional<String> why = switch (format) {
                case CSV -> NESTED.matcher(type).find() ? Optional.of("which csv cannot carry: set format to json or"
                        + " avro") : Optional.empty();
                case AVRO -> avro(type);
                default -> Optional.empty();
            };
            int at = i;
            why.ifPresent(w -> problems.add(new Problem("spec.schema.fields[" + at + "].type", "field '"
                    + field.name + "' has type " + field.type + ", " + w)));
        }
        return problems;
    }

    private static Optional<String> avro(String type) {
        if (type.contains("TIMESTAMP_LTZ") || type.contains("LOCAL TIME ZONE")) {
            return Optional.of("which Flink's avro format cannot carry (it has no TIMESTAMP_LTZ): declare it"
                    + " TIMESTAMP(3), or set format to json");
        }
        Matcher timestamp = TIMESTAMP.matcher(type);
        while (timestamp.find()) {
            int precision = timestamp.group(2) == null ? 6 : Integer.parseInt(timestamp.group(2));
            if (precision > 3) {
                return Optional.of("which Flink's avro format cannot carry (timestamps to the millisecond at most):"
                        + " declare it TIMESTAMP(3), or set format to json");
            }
        }
        Matcher key = MAP_KEY.matcher(type);
        while (key.find()) {
            if (!List.of("STRING", "VARCHAR", "CHAR").contains(key.group(1))) {
                return Optional.of("and Flink's avro format carries maps (and multisets) with text keys only:"
                        + " declare the key STRING, or set format to json");
            }
        }
        return Optional.empty();
    }
}
