package dev.tributary.api.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a Flink SQL data type written in a schema, such as {@code DECIMAL(10, 2) NOT NULL} or {@code ROW<a INT>},
 * and writes it the way Flink SQL DDL reads it ({@link #canonical}).
 */
public final class FlinkTypeParser {

    private static final Set<String> PLAIN = Set.of("STRING", "BOOLEAN", "TINYINT", "SMALLINT", "INT", "INTEGER",
            "BIGINT", "FLOAT", "DATE", "BYTES");
    private static final Set<String> WITH_LENGTH = Set.of("CHAR", "VARCHAR", "BINARY", "VARBINARY");
    private static final Set<String> DECIMALS = Set.of("DECIMAL", "DEC", "NUMERIC");
    private static final Pattern TOKEN = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*|`[^`]+`|[0-9]+|[(),<>])");

    /** Bare length types as Flink SQL DDL reads them; Flink's type-string parser would make them length 1. */
    private static final java.util.Map<String, String> BARE = java.util.Map.of("VARCHAR", "STRING",
            "VARBINARY", "BYTES");

    private final List<String> tokens;
    private final List<Integer> bareLengthTypes = new ArrayList<>();
    private int position;

    private FlinkTypeParser(List<String> tokens) {
        this.tokens = tokens;
    }

    /** Why {@code type} is not a Flink SQL type, or empty when it is one. */
    public static Optional<String> problem(String type) {
        List<String> tokens = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        String rest = tokenize(type, tokens, starts);
        if (!rest.isBlank()) {
            return Optional.of("'" + type + "' is not a Flink SQL type: unexpected '" + rest.trim() + "'");
        }
        try {
            parse(tokens);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("'" + type + "' is not a Flink SQL type: " + e.getMessage()
                    + "; write for example STRING, BIGINT, DECIMAL(10, 2), TIMESTAMP(3), ARRAY<STRING> or ROW<a INT>");
        }
    }

    /**
     * The type as Flink SQL DDL reads it, for every place that turns a declared type into a Flink type: a bare
     * {@code VARCHAR} is {@code STRING} and a bare {@code VARBINARY} is {@code BYTES} (in DDL they take the maximum
     * length; Flink's type-string parser would read them as length 1 and cut values to one character). A bare
     * {@code CHAR} or {@code BINARY} is length 1 in both, so it stays. Anything else, and a type that is not valid,
     * comes back unchanged.
     */
    public static String canonical(String type) {
        if (type == null) {
            return null;
        }
        List<String> tokens = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        if (!tokenize(type, tokens, starts).isBlank()) {
            return type;
        }
        FlinkTypeParser parser;
        try {
            parser = parse(tokens);
        } catch (IllegalArgumentException e) {
            return type;
        }
        StringBuilder out = new StringBuilder(type);
        for (int i = parser.bareLengthTypes.size() - 1; i >= 0; i--) {
            int token = parser.bareLengthTypes.get(i);
            int start = starts.get(token);
            out.replace(start, start + tokens.get(token).length(),
                    BARE.get(tokens.get(token).toUpperCase(Locale.ROOT)));
        }
        return out.toString();
    }

    /** Splits into tokens (and where each starts); returns what could not be read. */
    private static String tokenize(String type, List<String> tokens, List<Integer> starts) {
        Matcher m = TOKEN.matcher(type);
        int end = 0;
        while (m.lookingAt()) {
            tokens.add(m.group(1));
            starts.add(m.start(1));
            end = m.end();
            m.region(end, type.length());
        }
        return type.substring(end);
    }

    private static FlinkTypeParser parse(List<String> tokens) {
        FlinkTypeParser parser = new FlinkTypeParser(tokens);
        parser.type();
        if (parser.position < tokens.size()) {
            throw parser.error("unexpected '" + tokens.get(parser.position) + "'");
        }
        return parser;
    }

    /** Whether a valid type is a timestamp that can carry event time. */
    public static boolean isTimestamp(String type) {
        String upper = type.trim().toUpperCase(Locale.ROOT);
        return upper.startsWith("TIMESTAMP");
    }

    /** Whether a valid type is declared NOT NULL. */
    public static boolean isNotNull(String type) {
        return type.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").endsWith("NOT NULL");
    }

    private void type() {
        String name = next("a type name").toUpperCase(Locale.ROOT);
        if (!Character.isLetter(name.charAt(0))) {
            throw error("expected a type name but found '" + name + "'");
        }
        if (PLAIN.contains(name)) {
            // nothing more
        } else if (name.equals("DOUBLE")) {
            accept("PRECISION");
        } else if (WITH_LENGTH.contains(name)) {
            if (optionalNumbers(1, 1, Integer.MAX_VALUE, name).isEmpty() && BARE.containsKey(name)) {
                bareLengthTypes.add(position - 1);
            }
        } else if (DECIMALS.contains(name)) {
            List<Integer> ps = optionalNumbers(2, 0, 38, name);
            if (!ps.isEmpty() && ps.get(0) < 1) {
                throw error(name + " precision must be 1..38");
            }
            if (ps.size() == 2 && ps.get(1) > ps.get(0)) {
                throw error(name + " scale " + ps.get(1) + " exceeds its precision " + ps.get(0));
            }
        } else if (name.equals("TIME") || name.equals("TIMESTAMP_LTZ")) {
            optionalNumbers(1, 0, 9, name);
        } else if (name.equals("TIMESTAMP")) {
            optionalNumbers(1, 0, 9, name);
            if (accept("WITH")) {
                expect("LOCAL");
                expect("TIME");
                expect("ZONE");
            } else if (accept("WITHOUT")) {
                expect("TIME");
                expect("ZONE");
            }
        } else if (name.equals("ARRAY") || name.equals("MULTISET")) {
            expect("<");
            type();
            expect(">");
        } else if (name.equals("MAP")) {
            expect("<");
            type();
            expect(",");
            type();
            expect(">");
        } else if (name.equals("ROW")) {
            String close = accept("<") ? ">" : "(";
            if (close.equals("(")) {
                expect("(");
                close = ")";
            }
            do {
                next("a field name");
                type();
            } while (accept(","));
            expect(close);
        } else {
            throw error("unknown type " + name);
        }
        if (accept("NOT")) {
            expect("NULL");
        } else {
            accept("NULL");
        }
    }

    private List<Integer> optionalNumbers(int most, int min, int max, String typeName) {
        List<Integer> numbers = new ArrayList<>();
        if (!accept("(")) {
            return numbers;
        }
        do {
            String text = next("a number");
            if (!text.chars().allMatch(Character::isDigit)) {
                throw error(typeName + " takes numbers in parentheses, not '" + text + "'");
            }
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw error(typeName + " argument " + value + " is outside " + min + ".." + max);
            }
            numbers.add((int) value);
        } while (numbers.size() < most && accept(","));
        expect(")");
        return numbers;
    }

    private boolean accept(String expected) {
        if (position < tokens.size() && tokens.get(position).equalsIgnoreCase(expected)) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(String expected) {
        if (!accept(expected)) {
            throw error("expected '" + expected + "'" + (position < tokens.size()
                    ? " but found '" + tokens.get(position) + "'" : " at the end"));
        }
    }

    private String next(String what) {
        if (position >= tokens.size()) {
            throw error("expected " + what + " at the end");
        }
        return tokens.get(position++);
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message);
    }
}
