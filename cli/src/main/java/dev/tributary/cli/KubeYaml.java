package dev.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Reader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;

/**
 * Reads YAML the way kubectl does before it sends JSON to the API server: sigs.k8s.io/yaml over go-yaml v2, whose
 * plain scalars resolve by YAML 1.1 rules ({@code y}, {@code n}, {@code yes}, {@code off}… are booleans, {@code 012}
 * is octal 10, {@code 0x1F} is 31, {@code 1_000} is 1000, {@code 1e3} is the number 1000, {@code ~} is null, a
 * timestamp stays the string written, {@code 1:20} is a string), merge keys ({@code <<}) are applied in order, map
 * keys become strings, and numbers are what JSON makes of them (a whole float is an integer).
 *
 * <p>Each plain scalar that does not stay a string is remembered by its field path with the text as written, so a
 * message can say how Kubernetes reads it and how to quote it.
 */
public final class KubeYaml {

    /** One document: its tree, and field path → text as written of each plain scalar that is not a string. */
    public record Read(JsonNode tree, Map<String, String> retyped) {
    }

    /** YAML kubectl would not send, with the line it is on. */
    public static final class Unreadable extends RuntimeException {
        private final String field;

        Unreadable(String field, String message) {
            super(message);
            this.field = field;
        }

        Unreadable(String message) {
            this("-", message);
        }

        /** The field path, or "-" when the problem is not in one field. */
        public String field() {
            return field;
        }
    }

    /** Appended to a field's path in {@link Read#retyped()} when it is the key, not the value, that changed type. */
    public static final String KEY = "#key";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String YAML_TAG = "tag:yaml.org,2002:";
    private static final Map<String, JsonNode> WORDS = new HashMap<>();
    private static final Pattern YAML_STYLE_FLOAT =
            Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]*)?(Z|[-+][0-9]{1,2}(:[0-9]{2})?)?)?$");
    private static final double NOT_A_NUMBER = Double.NaN;

    static {
        for (String w : List.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")) {
            WORDS.put(w, NODES.booleanNode(true));
        }
        for (String w : List.of("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")) {
            WORDS.put(w, NODES.booleanNode(false));
        }
        for (String w : List.of("", "~", "null", "Null", "NULL")) {
            WORDS.put(w, NODES.nullNode());
        }
        for (String w : List.of(".nan", ".NaN", ".NAN")) {
            WORDS.put(w, NODES.numberNode(NOT_A_NUMBER));
        }
        for (String w : List.of(".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF")) {
            WORDS.put(w, NODES.numberNode(Double.POSITIVE_INFINITY));
        }
        for (String w : List.of("-.inf", "-.Inf", "-.INF")) {
            WORDS.put(w, NODES.numberNode(Double.NEGATIVE_INFINITY));
        }
    }

    private final Iterator<Event> events;
    private final Map<String, Anchored> anchors = new HashMap<>();
    private Map<String, String> retyped;

    private record Anchored(JsonNode node, String path, Map<String, String> retyped) {
    }

    private KubeYaml(Iterator<Event> events) {
        this.events = events;
    }

    /** Every document of a stream, empty documents included (as null trees). */
    public static List<Read> readAll(Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(1000);
        KubeYaml yaml = new KubeYaml(new Yaml(options).parse(reader).iterator());
        return yaml.documents();
    }

    private List<Read> documents() {
        List<Read> out = new ArrayList<>();
        while (events.hasNext()) {
            Event e = events.next();
            if (e.is(Event.ID.DocumentStart)) {
                retyped = new LinkedHashMap<>();
                anchors.clear();
                Event first = events.next();
                JsonNode tree = first.is(Event.ID.DocumentEnd) ? null : node(first, "");
                if (!first.is(Event.ID.DocumentEnd)) {
                    events.next(); // DocumentEnd
                }
                out.add(new Read(tree, retyped));
            }
        }
        return out;
    }

    private JsonNode node(Event e, String path) {
        JsonNode node;
        if (e instanceof AliasEvent alias) {
            Anchored anchored = anchors.get(alias.getAnchor());
            if (anchored == null) {
                throw new Unreadable("unknown anchor '" + alias.getAnchor() + "' referenced" + at(e));
            }
            anchored.retyped.forEach((p, text) -> retyped.put(path + p.substring(anchored.path.length()), text));
            return anchored.node.deepCopy();
        }
        Map<String, String> before = new LinkedHashMap<>(retyped);
        if (e instanceof ScalarEvent scalar) {
            node = scalar(scalar, path);
        } else if (e instanceof SequenceStartEvent) {
            ArrayNode array = NODES.arrayNode();
            for (Event next = events.next(); !next.is(Event.ID.SequenceEnd); next = events.next()) {
                array.add(node(next, path + "[" + array.size() + "]"));
            }
            node = array;
        } else if (e instanceof MappingStartEvent) {
            node = mapping(path);
        } else {
            throw new Unreadable("unexpected " + e + at(e));
        }
        String anchor = e instanceof NodeEvent n ? n.getAnchor() : null;
        if (anchor != null) {
            Map<String, String> inside = new LinkedHashMap<>(retyped);
            inside.keySet().removeAll(before.keySet());
            anchors.put(anchor, new Anchored(node, path, inside));
        }
        return node;
    }

    private ObjectNode mapping(String path) {
        ObjectNode object = NODES.objectNode();
        for (Event keyEvent = events.next(); !keyEvent.is(Event.ID.MappingEnd); keyEvent = events.next()) {
            if (isMergeKey(keyEvent)) {
                merge(object, events.next(), path);
                continue;
            }
            if (keyEvent instanceof CollectionStartEvent) {
                throw new Unreadable("a mapping key must be a scalar, not a mapping or list" + at(keyEvent));
            }
            JsonNode key = node(keyEvent, path + ".<key>");
            String written = retyped.remove(path + ".<key>");
            String name = keyString(key, keyEvent);
            String child = path.isEmpty() ? name : path + "." + name;
            if (written != null) {
                retyped.put(child + KEY, written);
            }
            object.set(name, node(events.next(), child));
        }
        return object;
    }

    /** go-yaml v2 applies a merge where it stands: keys after it win, keys before it are overwritten. */
    private void merge(ObjectNode into, Event value, String path) {
        if (value instanceof SequenceStartEvent) {
            List<JsonNode> maps = new ArrayList<>();
            for (Event next = events.next(); !next.is(Event.ID.SequenceEnd); next = events.next()) {
                maps.add(node(next, path));
            }
            for (int i = maps.size() - 1; i >= 0; i--) {
                mergeOne(into, maps.get(i), value);
            }
        } else {
            mergeOne(into, node(value, path), value);
        }
    }

    private static void mergeOne(ObjectNode into, JsonNode from, Event at) {
        if (!(from instanceof ObjectNode map)) {
            throw new Unreadable("map merge requires map or sequence of maps as the value" + at(at));
        }
        map.fields().forEachRemaining(f -> into.set(f.getKey(), f.getValue()));
    }

    private static boolean isMergeKey(Event e) {
        return e instanceof ScalarEvent s && s.getTag() == null && s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
                && s.getValue().equals("<<");
    }

    /** As sigs.k8s.io/yaml turns a go-yaml map key into a JSON one. */
    private static String keyString(JsonNode key, Event at) {
        if (key.isTextual()) {
            return key.asText();
        }
        if (key.isBoolean() || key.isIntegralNumber()) {
            return key.asText();
        }
        if (key.isFloatingPointNumber()) {
            double d = key.asDouble();
            if (Double.isNaN(d)) {
                return ".nan";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? ".inf" : "-.inf";
            }
            return Float.toString((float) d).replaceAll("\\.0$", "");
        }
        throw new Unreadable("a mapping key must not be null" + at(at));
    }

    private JsonNode scalar(ScalarEvent e, String path) {
        String value = e.getValue();
        String tag = e.getTag();
        boolean plain = e.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
        if (tag != null && !RESOLVABLE.contains(tag)) {
            return NODES.textNode(value); // !!str, !!binary and tags of one's own: the text as written
        }
        if (tag == null && !plain) {
            return NODES.textNode(value);
        }
        JsonNode resolved = resolve(value);
        if (tag != null && !tag.equals(YAML_TAG + "timestamp") && !typeOf(resolved).equals(tag.substring(YAML_TAG.length()))
                && !(tag.equals(YAML_TAG + "float") && resolved.isIntegralNumber())) {
            throw new Unreadable(path.isEmpty() ? "-" : path, "cannot decode !!" + typeOf(resolved) + " `" + value
                    + "` as a !!" + tag.substring(YAML_TAG.length()) + at(e));
        }
        if (resolved.isNumber() && !Double.isFinite(resolved.asDouble())) {
            throw new Unreadable(path.isEmpty() ? "-" : path, "Kubernetes reads " + value + " as " + (resolved.asDouble() > 0 ? "infinity" : resolved.asDouble() < 0
                    ? "minus infinity" : "not-a-number") + ", which JSON (and so kubectl) cannot carry: quote it: \""
                    + value + "\"" + at(e));
        }
        if (!resolved.isTextual()) {
            retyped.put(path, value);
        }
        return resolved;
    }

    /** go-yaml v2's resolve() for an untagged plain scalar, then what JSON and the API server make of the value. */
    static JsonNode resolve(String in) {
        JsonNode word = WORDS.get(in);
        if (word != null) {
            return word;
        }
        if (in.isEmpty() || in.equals("<<")) {
            return NODES.textNode(in);
        }
        char first = in.charAt(0);
        if (first == '.') {
            Double d = goParseFloat(in);
            return d == null ? NODES.textNode(in) : number(d);
        }
        if (first != '+' && first != '-' && (first < '0' || first > '9')) {
            return NODES.textNode(in);
        }
        if (TIMESTAMP.matcher(in).matches()) {
            return NODES.textNode(in); // a timestamp: go-yaml v2 hands it on as the string written
        }
        String plain = in.replace("_", "");
        BigInteger integer = goParseInt(plain);
        if (integer != null && integer.bitLength() < 64) {
            return NODES.numberNode(integer.longValue());
        }
        if (integer != null && integer.signum() > 0 && integer.bitLength() == 64) {
            return NODES.numberNode(integer.doubleValue()); // uint64: JSON carries it, the API server reads a float
        }
        if (YAML_STYLE_FLOAT.matcher(plain).matches()) {
            Double d = goParseFloat(plain);
            if (d != null) {
                return number(d);
            }
        }
        if (plain.startsWith("0b") || plain.startsWith("-0b")) {
            boolean negative = plain.startsWith("-");
            try {
                BigInteger b = new BigInteger(plain.substring(negative ? 3 : 2), 2);
                b = negative ? b.negate() : b;
                if (b.bitLength() < 64) {
                    return NODES.numberNode(b.longValue());
                }
            } catch (NumberFormatException e) {
                // a string
            }
        }
        return NODES.textNode(in);
    }

    /** What the API server reads from Go's JSON for a float: a whole number in int64 range is an integer. */
    private static JsonNode number(double d) {
        if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e21 && Math.abs(d) <= Long.MAX_VALUE) {
            BigInteger whole = new java.math.BigDecimal(d).toBigInteger();
            if (whole.bitLength() < 64) {
                return NODES.numberNode(whole.longValue());
            }
        }
        return NODES.numberNode(d);
    }

    /** Go's strconv.ParseInt(s, 0, 64) / ParseUint: sign, then 0x, 0o, 0b or a leading 0 (octal), or decimal. */
    private static BigInteger goParseInt(String s) {
        String digits = s;
        boolean negative = false;
        if (digits.startsWith("+") || digits.startsWith("-")) {
            negative = digits.startsWith("-");
            digits = digits.substring(1);
        }
        if (digits.isEmpty()) {
            return null;
        }
        int radix = 10;
        String lower = digits.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("0x")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            digits = digits.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            radix = 8;
            digits = digits.substring(1);
        }
        if (digits.isEmpty() || digits.startsWith("+") || digits.startsWith("-")) {
            return null;
        }
        try {
            BigInteger v = new BigInteger(digits, radix);
            v = negative ? v.negate() : v;
            boolean fits = negative ? v.bitLength() < 64 || v.equals(BigInteger.ONE.shiftLeft(63).negate())
                    : v.bitLength() <= 64;
            return fits ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double goParseFloat(String s) {
        if (!s.matches("^[-+]?(\\.[0-9_]+|[0-9_]+(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?$") || s.contains("__")
                || s.matches(".*(^|[^0-9])_.*|.*_([^0-9]|$).*")) {
            return null;
        }
        try {
            return Double.parseDouble(s.replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static final List<String> RESOLVABLE = List.of(YAML_TAG + "bool", YAML_TAG + "int", YAML_TAG + "float",
            YAML_TAG + "null", YAML_TAG + "timestamp");

    private static String typeOf(JsonNode resolved) {
        if (resolved.isBoolean()) {
            return "bool";
        }
        if (resolved.isNull()) {
            return "null";
        }
        if (resolved.isIntegralNumber()) {
            return "int";
        }
        return resolved.isNumber() ? "float" : "str";
    }

    private static String at(Event e) {
        return e.getStartMark() == null ? "" : " at line " + (e.getStartMark().getLine() + 1) + ", column "
                + (e.getStartMark().getColumn() + 1);
    }
}
