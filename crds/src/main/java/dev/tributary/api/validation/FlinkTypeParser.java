package dev.tributary.api.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks a Flink SQL data type written in a schema, such as {@code DECIMAL(10, 2) NOT NULL} or {@code ROW<a INT>}. */
public final class FlinkTypeParser {

    private static final Set<String> PLAIN = Set.of("STRING", "BOOLEAN", "TINYINT", "SMALLINT", "INT", "INTEGER",
            "BIGINT", "FLOAT", "DATE", "BYTES");
    private static final Set<String> WITH_LENGTH = Set.of("CHAR", "VARCHAR", "BINARY", "VARBINARY");
    private static final Set<String> DECIMALS = Set.of("DECIMAL", "DEC", "NUMERIC");
    private static final Pattern TOKEN = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*|`[^`]+`|[0-9]+|[(),<>])");

    private final List<String> tokens;
    private int position;

    private FlinkTypeParser(List<String> tokens) {
        this.tokens = tokens;
    }

    /** Why {@code type} is not a Flink SQL type, or empty when it is one. */
    public static Optional<String> problem(String type) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(type);
        int end = 0;
        while (m.lookingAt()) {
            tokens.add(m.group(1));
            end = m.end();
            m.region(end, type.length());
        }
        if (!type.substring(end).isBlank()) {
            return Optional.of("'" + type + "' is not a Flink SQL type: unexpected '" + type.substring(end).trim() + "'");
        }
        try {
            FlinkTypeParser parser = new FlinkTypeParser(tokens);
            parser.type();
            if (parser.position < tokens.size()) {
                throw parser.error("unexpected '" + tokens.get(parser.position) + "'");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("'" + type + "' is not a Flink SQL type: " + e.getMessage()
                    + "; write for example STRING, BIGINT, DECIMAL(10, 2), TIMESTAMP(3), ARRAY<STRING> or ROW<a INT>");
        }
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
            optionalNumbers(1, 1, Integer.MAX_VALUE, name);
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
