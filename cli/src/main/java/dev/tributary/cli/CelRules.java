package dev.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.tributary.api.validation.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CRDs' CEL rules ({@code x-kubernetes-validations}) evaluated offline with Google's CEL for Java, with
 * {@code self} bound to the field the rule sits on, as the API server does. Transition rules (those that read
 * {@code oldSelf}) need the stored object and are left to the API server.
 */
final class CelRules {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .addLibraries(CelExtensions.strings())
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .addLibraries(CelExtensions.strings())
            .build();

    private static final boolean DEBUG = System.getenv("TRIBUTARY_DEBUG_CEL") != null;

    /** Compiled programs by rule text; null for a rule this evaluator cannot compile. */
    private final Map<String, CelRuntime.Program> programs = new HashMap<>();

    /** The rules broken by {@code value} and everything under it, described by {@code schema}. */
    List<Problem> check(String path, JsonNode value, JsonNode schema) {
        List<Problem> problems = new ArrayList<>();
        walk(path, value, schema, problems);
        return problems;
    }

    private void walk(String path, JsonNode value, JsonNode schema, List<Problem> problems) {
        if (value == null || value.isNull() || schema == null || schema.isMissingNode()) {
            return;
        }
        if (value.isObject()) {
            JsonNode additional = schema.path("additionalProperties");
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                JsonNode property = schema.path("properties").path(e.getKey());
                walk(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(),
                        property.isMissingNode() && additional.isObject() ? additional : property, problems);
            }
        } else if (value.isArray() && schema.path("items").isObject()) {
            for (int i = 0; i < value.size(); i++) {
                walk(path + "[" + i + "]", value.get(i), schema.path("items"), problems);
            }
        }
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            String text = rule.path("rule").asText();
            if (text.contains("oldSelf")) {
                continue;
            }
            CelRuntime.Program program = program(text);
            if (program == null) {
                continue;
            }
            Object result;
            try {
                result = program.eval(Map.of("self", toCel(value)));
            } catch (CelEvaluationException e) {
                if (DEBUG) {
                    System.err.println("cel: cannot evaluate " + text + " at " + path + ": " + e.getMessage());
                }
                continue; // the API server would refuse with an evaluation error; the schema checks say why
            }
            if (Boolean.FALSE.equals(result)) {
                String field = path + rule.path("fieldPath").asText("");
                String message = rule.path("message").asText("");
                problems.add(new Problem(field.isEmpty() ? "-" : field,
                        message.isBlank() ? "breaks the rule " + text : message));
            }
        }
    }

    /** Every rule text under a schema, in document order. */
    static List<String> rulesOf(JsonNode schema) {
        List<String> rules = new ArrayList<>();
        collect(schema, rules);
        return rules;
    }

    private static void collect(JsonNode node, List<String> rules) {
        if (node.isObject()) {
            for (JsonNode rule : node.path("x-kubernetes-validations")) {
                rules.add(rule.path("rule").asText());
            }
            node.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("x-kubernetes-validations")) {
                    collect(e.getValue(), rules);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, rules));
        }
    }

    /** Whether this evaluator compiles a rule (transition rules excepted, all of ours should). */
    boolean compiles(String rule) {
        return program(rule) != null;
    }

    private CelRuntime.Program program(String rule) {
        return programs.computeIfAbsent(rule, r -> {
            try {
                CelAbstractSyntaxTree ast = COMPILER.compile(dynArguments(r, "int")).getAst();
                return RUNTIME.createProgram(ast);
            } catch (CelValidationException | CelEvaluationException e) {
                if (DEBUG) {
                    System.err.println("cel: cannot compile " + r + ": " + e.getMessage());
                }
                return null;
            }
        });
    }

    /**
     * Wraps the argument of each call of {@code function} in {@code dyn(...)}. With {@code self} declared dyn,
     * CEL-Java's checker narrows {@code int(self.config['k']) < n} to the int-to-int overload and the string
     * conversion then fails at run time; the API server, which knows the schema's types, has no such problem.
     */
    static String dynArguments(String rule, String function) {
        StringBuilder out = new StringBuilder();
        List<Integer> closers = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < rule.length(); i++) {
            char c = rule.charAt(i);
            out.append(c);
            if (quote != 0) {
                if (c == '\\' && i + 1 < rule.length()) {
                    out.append(rule.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
                int start = i - function.length();
                if (start >= 0 && rule.startsWith(function, start)
                        && (start == 0 || !Character.isJavaIdentifierPart(rule.charAt(start - 1))
                                && rule.charAt(start - 1) != '.')) {
                    out.append("dyn(");
                    closers.add(depth);
                }
            } else if (c == ')') {
                if (!closers.isEmpty() && closers.get(closers.size() - 1) == depth) {
                    out.insert(out.length() - 1, ')');
                    closers.remove(closers.size() - 1);
                }
                depth--;
            }
        }
        return out.toString();
    }

    /** The YAML value as CEL sees it: maps, lists, int (long), double, string, bool; unset fields absent. */
    static Object toCel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    map.put(e.getKey(), toCel(e.getValue()));
                }
            });
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(toCel(n)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }
}
