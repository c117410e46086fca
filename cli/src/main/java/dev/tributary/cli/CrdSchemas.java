package dev.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.validation.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The structural part of the committed CRDs' openAPIV3Schema, checked offline: type, required, enum, pattern,
 * minimum/maximum, minLength/maxLength, minItems/maxItems, and fields the schema does not know (the API server
 * would prune them silently; here they are reported, since they are nearly always typos). The CEL rules
 * ({@code x-kubernetes-validations}) are evaluated by {@link CelRules}.
 */
public final class CrdSchemas {

    public static final String API_VERSION = "tributary.dev/v1alpha1";
    static final List<String> KINDS = List.of("Source", "Sink", "Pipeline", "Dashboard");

    private final Map<String, JsonNode> schemaByKind = new HashMap<>();
    private final Map<String, Pattern> patterns = new HashMap<>();
    private Map<String, String> retyped = Map.of();
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    public static CrdSchemas fromClasspath() {
        CrdSchemas schemas = new CrdSchemas();
        for (String plural : List.of("sources", "sinks", "pipelines", "dashboards")) {
            String resource = "/crds/" + plural + ".tributary.dev-v1.yml";
            try (InputStream in = CrdSchemas.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing from the class path");
                }
                JsonNode crd = YamlLoader.YAML.readTree(in);
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode version : crd.path("spec").path("versions")) {
                    if ("v1alpha1".equals(version.path("name").asText())) {
                        schemas.schemaByKind.put(kind, version.path("schema").path("openAPIV3Schema"));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schemas;
    }

    /** The openAPIV3Schema of a kind. */
    JsonNode schema(String kind) {
        return schemaByKind.get(kind);
    }

    public boolean knows(String kind) {
        return schemaByKind.containsKey(kind);
    }

    /** The schema problems of one resource, with paths such as {@code spec.topic.partitions}. */
    public List<Problem> validate(String kind, JsonNode resource) {
        return validate(kind, resource, Map.of());
    }

    /**
     * As {@link #validate(String, JsonNode)}, with the text as written of plain scalars Kubernetes reads as other
     * than strings ({@link KubeYaml.Read#retyped()}), so a message can say how to quote them.
     */
    public List<Problem> validate(String kind, JsonNode resource, Map<String, String> retyped) {
        List<Problem> problems = new ArrayList<>();
        this.retyped = retyped;
        JsonNode schema = schemaByKind.get(kind);
        if (schema == null) {
            return problems;
        }
        JsonNode metadata = resource.path("metadata");
        JsonNode name = metadata.path("name");
        if (name.isValueNode() && !name.isNull() && !name.isTextual()) {
            problems.add(new Problem("metadata.name", "must be a string, not " + describe(name) + hint("metadata.name",
                    name)));
        } else if (!metadata.isObject() || !name.isTextual() || name.asText().isBlank()) {
            problems.add(new Problem("metadata.name", "every resource needs metadata.name"));
        } else if (name.asText().length() > 253 || !DNS_SUBDOMAIN.matcher(name.asText()).matches()) {
            problems.add(new Problem("metadata.name", "'" + name.asText() + "' is not a valid name: use lower-case"
                    + " letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253"
                    + " characters"));
        }
        checkMetadata(metadata, problems);
        Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String key = e.getKey();
            if (key.equals("apiVersion") || key.equals("kind") || key.equals("metadata")) {
                continue;
            }
            JsonNode property = schema.path("properties").path(key);
            if (pruned(e.getValue(), property)) {
                continue;
            }
            if (property.isMissingNode()) {
                problems.add(unknown(key, key, schema, retyped.get(key + KubeYaml.KEY)));
            } else {
                check(key, e.getValue(), property, problems);
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!present(resource, required.asText(), schema)) {
                problems.add(new Problem(required.asText(), "required: a " + kind + " needs " + required.asText()));
            }
        }
        return problems;
    }

    /** What ObjectMeta takes: a string namespace, and labels and annotations whose values are strings. */
    private void checkMetadata(JsonNode metadata, List<Problem> problems) {
        JsonNode namespace = metadata.path("namespace");
        if (namespace.isValueNode() && !namespace.isNull() && !namespace.isTextual()) {
            problems.add(new Problem("metadata.namespace", "must be a string, not " + describe(namespace)
                    + hint("metadata.namespace", namespace)));
        }
        for (String map : List.of("labels", "annotations")) {
            JsonNode entries = metadata.path(map);
            Iterator<Map.Entry<String, JsonNode>> it = entries.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = "metadata." + map + "." + e.getKey();
                if (!e.getValue().isTextual() && !e.getValue().isNull()) {
                    problems.add(new Problem(path, "must be a string, not " + describe(e.getValue())
                            + hint(path, e.getValue())));
                } else if (!validKey(e.getKey())) {
                    problems.add(new Problem(path, "'" + e.getKey() + "' is not a valid " + map.replaceAll("s$", "")
                            + " key: use an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_'"
                            + " and '.', starting and ending with a letter or digit"));
                } else if (map.equals("labels") && e.getValue().isTextual()
                        && (e.getValue().asText().length() > 63 || !LABEL_VALUE.matcher(e.getValue().asText()).matches())) {
                    problems.add(new Problem(path, "'" + e.getValue().asText() + "' is not a valid label value: use at"
                            + " most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit"
                            + " (or leave it empty)"));
                }
            }
        }
    }

    private static boolean validKey(String key) {
        int slash = key.lastIndexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = key.substring(slash + 1);
        return (prefix == null || (prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches()))
                && !name.isEmpty() && name.length() <= 63 && LABEL_VALUE.matcher(name).matches();
    }

    /**
     * How Kubernetes read a plain scalar written where a string belongs, and how to quote it; for a value that is
     * not such a scalar, the generic advice.
     */
    private String hint(String path, JsonNode value) {
        String written = retyped.get(path);
        if (written != null) {
            return ": Kubernetes reads YAML as YAML 1.1, where " + (written.isEmpty() ? "an empty value" : written)
                    + " is " + (value.isNull() ? "null" : describe(value)) + "; quote it: \"" + written + "\"";
        }
        return value.isValueNode() && !value.isNull() ? ": quote it (\"" + value.asText() + "\")" : "";
    }

    private void check(String path, JsonNode value, JsonNode schema, List<Problem> problems) {
        if (value == null || value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                problems.add(new Problem(path, "is null: give it a value or remove it" + hint(path, value)));
            }
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                problems.add(new Problem(path, "must be an integer or a string, not " + describe(value)));
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> checkObject(path, value, schema, problems);
            case "array" -> checkArray(path, value, schema, problems);
            case "string" -> checkString(path, value, schema, problems);
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(new Problem(path, "must be an integer, not " + describe(value)));
                } else {
                    checkBounds(path, value, schema, problems);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(new Problem(path, "must be a number, not " + describe(value)));
                } else {
                    checkBounds(path, value, schema, problems);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(new Problem(path, "must be true or false, not " + describe(value)));
                }
            }
            default -> {
                // no type: anything goes (x-kubernetes-preserve-unknown-fields)
            }
        }
        if (schema.has("enum") && (value.isValueNode())) {
            boolean found = false;
            List<String> allowed = new ArrayList<>();
            for (JsonNode option : schema.path("enum")) {
                allowed.add(option.asText());
                found |= option.equals(value) || (option.isTextual() && value.isTextual() && option.asText().equals(value.asText()));
            }
            if (!found) {
                problems.add(new Problem(path, "unsupported value " + quoteValue(value) + ": use one of "
                        + String.join(", ", allowed)));
            }
        }
    }

    private void checkObject(String path, JsonNode value, JsonNode schema, List<Problem> problems) {
        if (!value.isObject()) {
            problems.add(new Problem(path, "must be a mapping (object), not " + describe(value)));
            return;
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String child = path + "." + e.getKey();
            JsonNode property = properties.path(e.getKey());
            if (pruned(e.getValue(), property.isMissingNode() ? additional : property)) {
                continue;
            }
            if (!property.isMissingNode()) {
                check(child, e.getValue(), property, problems);
            } else if (additional.isObject()) {
                check(child, e.getValue(), additional, problems);
            } else if (!preserve && !additional.asBoolean(false)) {
                problems.add(unknown(child, e.getKey(), schema, retyped.get(child + KubeYaml.KEY)));
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!present(value, required.asText(), schema)) {
                problems.add(new Problem(path + "." + required.asText(), "required: set " + required.asText()
                        + " in " + path));
            }
        }
        checkCount(path, value.size(), schema, "minProperties", "maxProperties", "entries", problems);
    }

    /** The API server drops a null field whose schema is not nullable before it validates, as if absent. */
    private static boolean pruned(JsonNode value, JsonNode schema) {
        return value.isNull() && !schema.path("nullable").asBoolean(false);
    }

    private static boolean present(JsonNode object, String field, JsonNode schema) {
        return object.has(field) && !pruned(object.get(field), schema.path("properties").path(field));
    }

    private void checkArray(String path, JsonNode value, JsonNode schema, List<Problem> problems) {
        if (!value.isArray()) {
            problems.add(new Problem(path, "must be a list, not " + describe(value)));
            return;
        }
        JsonNode items = schema.path("items");
        for (int i = 0; i < value.size(); i++) {
            if (items.isObject()) {
                check(path + "[" + i + "]", value.get(i), items, problems);
            }
        }
        checkCount(path, value.size(), schema, "minItems", "maxItems", "items", problems);
    }

    private void checkString(String path, JsonNode value, JsonNode schema, List<Problem> problems) {
        if (!value.isTextual()) {
            problems.add(new Problem(path, "must be a string, not " + describe(value) + hint(path, value)));
            return;
        }
        String text = value.asText();
        checkCount(path, text.codePointCount(0, text.length()), schema, "minLength", "maxLength", "characters",
                problems);
        if (schema.has("pattern")) {
            String regex = schema.path("pattern").asText();
            pattern(regex).filter(p -> !p.matcher(text).find()).ifPresent(p -> problems.add(new Problem(path,
                    "'" + text + "' " + PatternHints.of(regex).orElse("does not match the pattern " + regex
                            + ": see `kubectl explain` for the expected form"))));
        }
    }

    private Optional<Pattern> pattern(String regex) {
        if (!patterns.containsKey(regex)) {
            try {
                patterns.put(regex, Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                patterns.put(regex, null);
            }
        }
        return Optional.ofNullable(patterns.get(regex));
    }

    private static void checkBounds(String path, JsonNode value, JsonNode schema, List<Problem> problems) {
        double v = value.asDouble();
        if (schema.has("minimum")) {
            double min = schema.path("minimum").asDouble();
            boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
            if (exclusive ? v <= min : v < min) {
                problems.add(new Problem(path, value + " is too small: it must be " + (exclusive ? "greater than "
                        : "at least ") + number(schema.path("minimum"))));
            }
        }
        if (schema.has("maximum")) {
            double max = schema.path("maximum").asDouble();
            boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
            if (exclusive ? v >= max : v > max) {
                problems.add(new Problem(path, value + " is too large: it must be " + (exclusive ? "less than "
                        : "at most ") + number(schema.path("maximum"))));
            }
        }
    }

    private static void checkCount(String path, int count, JsonNode schema, String minKey, String maxKey,
            String unit, List<Problem> problems) {
        if (schema.has(minKey) && count < schema.path(minKey).asLong()) {
            problems.add(new Problem(path, "has " + count + " " + unit + ": it needs at least "
                    + schema.path(minKey).asLong()));
        }
        if (schema.has(maxKey) && count > schema.path(maxKey).asLong()) {
            problems.add(new Problem(path, "has " + count + " " + unit + ": it may have at most "
                    + schema.path(maxKey).asLong()));
        }
    }

    private static Problem unknown(String path, String key, JsonNode schema, String writtenKey) {
        List<String> known = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(known::add);
        return new Problem(path, "unknown field '" + key + "'"
                + (writtenKey == null ? "" : " (Kubernetes reads YAML as YAML 1.1, where the key " + writtenKey
                        + " is " + key + "; quote it: \"" + writtenKey + "\")")
                + ": remove it or fix its spelling"
                + (known.isEmpty() ? "" : " (known here: " + String.join(", ", known) + ")"));
    }

    private static String number(JsonNode n) {
        return n.isIntegralNumber() || n.asDouble() == Math.rint(n.asDouble()) ? String.valueOf(n.asLong())
                : n.asText();
    }

    private static String quoteValue(JsonNode value) {
        return value.isTextual() ? "'" + value.asText() + "'" : value.toString();
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isTextual()) {
            return "the string '" + value.asText() + "'";
        }
        if (value.isBoolean()) {
            return "the boolean " + value.asText();
        }
        return (value.isIntegralNumber() ? "the integer " : "the number ") + value.asText();
    }
}
