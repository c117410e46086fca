package dev.tributary.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.api.v1alpha1.Dashboard;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.api.validation.ExactlyOnceRules;
import dev.tributary.api.validation.PipelineValidator;
import dev.tributary.api.validation.Problem;
import dev.tributary.api.validation.SinkValidator;
import dev.tributary.api.validation.SourceValidator;
import dev.tributary.sqlcheck.SqlChecker;
import io.fabric8.kubernetes.client.CustomResource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code tributary validate}: offline, the CRDs' schema rules, the Java validators (which mirror the CEL rules and
 * add the cross-resource checks), and each Pipeline's SQL planned by Flink against the declared schemas.
 */
public final class Validator {

    /** Maps resources strictly: a field our classes do not know is an error, not silently dropped. */
    static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    public static final ObjectMapper LENIENT = new ObjectMapper(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);

    static final Map<String, Class<? extends CustomResource<?, ?>>> CLASSES = Map.of(
            "Source", Source.class, "Sink", Sink.class, "Pipeline", Pipeline.class, "Dashboard", Dashboard.class);

    /** What a run found, and notes about what it could not check. */
    public record Report(List<Finding> findings, List<Finding> notes) {
        public boolean ok() {
            return findings.isEmpty();
        }
    }

    private final CrdSchemas schemas = CrdSchemas.fromClasspath();
    private final CelRules cel = new CelRules();
    private final boolean checkSql;

    public Validator(boolean checkSql) {
        this.checkSql = checkSql;
    }

    public Report validate(List<Path> paths) {
        YamlLoader loader = new YamlLoader();
        paths.forEach(loader::load);
        List<Finding> findings = new ArrayList<>(loader.problems());
        List<Finding> notes = new ArrayList<>();

        // namespace -> kind -> name -> (document, resource)
        Map<String, Namespace> namespaces = new TreeMap<>();
        for (Document doc : loader.documents()) {
            List<Problem> problems = new ArrayList<>();
            if (!CrdSchemas.API_VERSION.equals(doc.tree().path("apiVersion").asText())) {
                problems.add(new Problem("apiVersion", "'" + doc.tree().path("apiVersion").asText("")
                        + "' is not ours: use " + CrdSchemas.API_VERSION));
            }
            if (!schemas.knows(doc.kind())) {
                problems.add(new Problem("kind", "'" + (doc.kind() == null ? "" : doc.kind()) + "' is not a"
                        + " Tributary kind: use one of " + String.join(", ", CrdSchemas.KINDS)));
                add(findings, doc, problems);
                continue;
            }
            List<Problem> schemaProblems = schemas.validate(doc.kind(), doc.tree(), doc.retyped());
            problems.addAll(schemaProblems);
            CustomResource<?, ?> resource = map(doc, problems);
            add(findings, doc, problems);
            if (doc.name() == null || doc.name().isBlank()) {
                continue;
            }
            boolean usable = resource != null && resource.getSpec() != null;
            if (!usable) {
                // still known by name, so references to it do not read as missing; its own problems are above
                resource = placeholder(doc);
            }
            resource.getMetadata().setNamespace(doc.namespace());
            Namespace ns = namespaces.computeIfAbsent(doc.namespace(), n -> new Namespace());
            Map<String, Entry> byName = ns.byKind.computeIfAbsent(doc.kind(), k -> new LinkedHashMap<>());
            // CEL rules, as the API server evaluates them once the structural schema holds; reported after the Java
            // validators, which mirror most of them with a message that also says what to do
            List<Problem> celProblems = schemaProblems.isEmpty()
                    ? cel.check("", withoutNulls(doc.tree()), schemas.schema(doc.kind())) : List.of();
            Entry previous = byName.putIfAbsent(doc.name(), new Entry(doc, resource,
                    usable && schemaProblems.isEmpty() && celProblems.isEmpty(), celProblems));
            if (previous != null) {
                findings.add(new Finding(doc.file(), doc.resource(), "metadata.name", doc.kind() + " '" + doc.name()
                        + "' is also defined in " + previous.doc.file() + " (namespace '" + doc.namespace()
                        + "'): rename one of them"));
            }
        }

        for (Namespace ns : namespaces.values()) {
            Map<String, Source> sources = ns.resources("Source", Source.class);
            Map<String, Sink> sinks = ns.resources("Sink", Sink.class);
            Map<String, Boolean> clean = new HashMap<>();
            for (Entry e : ns.byKind.getOrDefault("Source", Map.of()).values()) {
                if (e.resource.getSpec() == null) {
                    continue;
                }
                List<Problem> problems = new ArrayList<>(SourceValidator.validate((Source) e.resource));
                problems.addAll(SourceValidator.validate((Source) e.resource, sources));
                add(findings, e.doc, problems);
                clean.put("Source/" + e.doc.name(), e.schemaClean && problems.isEmpty());
            }
            for (Entry e : ns.byKind.getOrDefault("Sink", Map.of()).values()) {
                if (e.resource.getSpec() == null) {
                    continue;
                }
                List<Problem> problems = SinkValidator.validate((Sink) e.resource);
                add(findings, e.doc, problems);
                clean.put("Sink/" + e.doc.name(), e.schemaClean && problems.isEmpty());
            }
            for (Entry e : ns.byKind.getOrDefault("Pipeline", Map.of()).values()) {
                if (e.resource.getSpec() == null) {
                    continue;
                }
                Pipeline pipeline = (Pipeline) e.resource;
                List<Problem> problems = PipelineValidator.validate(pipeline, sources, sinks,
                        ExactlyOnceRules.BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT);
                add(findings, e.doc, problems);
                if (!checkSql || pipeline.getSpec().sql == null || pipeline.getSpec().sql.isBlank()) {
                    continue;
                }
                List<String> missing = new ArrayList<>();
                pipeline.getSpec().sources.stream().filter(n -> !sources.containsKey(n))
                        .forEach(n -> missing.add("Source '" + n + "'"));
                pipeline.getSpec().sinks.stream().filter(n -> !sinks.containsKey(n))
                        .forEach(n -> missing.add("Sink '" + n + "'"));
                pipeline.getSpec().sources.stream().filter(n -> sources.containsKey(n)
                        && !clean.getOrDefault("Source/" + n, false)).forEach(n -> missing.add("Source '" + n
                        + "' (it has problems of its own)"));
                pipeline.getSpec().sinks.stream().filter(n -> sinks.containsKey(n)
                        && !clean.getOrDefault("Sink/" + n, false)).forEach(n -> missing.add("Sink '" + n
                        + "' (it has problems of its own)"));
                if (!missing.isEmpty()) {
                    notes.add(new Finding(e.doc.file(), e.doc.resource(), "spec.sql", "not planned with Flink,"
                            + " because of " + String.join(", ", missing)));
                    continue;
                }
                SqlChecker.Result result = SqlChecker.check(pipeline, sources, sinks);
                add(findings, e.doc, result.problems());
                result.notes().forEach(n -> notes.add(new Finding(e.doc.file(), e.doc.resource(), "spec.sql", n)));
            }
            for (Map<String, Entry> byName : ns.byKind.values()) {
                byName.values().forEach(e -> addCel(findings, e.doc, e.cel));
            }
            for (Entry e : ns.byKind.getOrDefault("Dashboard", Map.of()).values()) {
                if (e.resource.getSpec() == null) {
                    continue;
                }
                add(findings, e.doc, dashboardProblems((Dashboard) e.resource, ns));
            }
        }
        // by file (a stable sort: within a file, in the order the checks found them)
        findings.sort(java.util.Comparator.comparing(Finding::file));
        notes.sort(java.util.Comparator.comparing(Finding::file));
        return new Report(findings, notes);
    }

    /**
     * What the API server itself checks of each resource of a file on its own, on YAML read as kubectl reads it: the
     * CRD's structural schema, then its CEL rules (all but transition rules, which need the stored object). The
     * differential e2e holds this against {@code kubectl apply --dry-run=server}.
     */
    public List<Finding> apiServerFindings(Path file) {
        YamlLoader loader = new YamlLoader();
        loader.load(file);
        List<Finding> findings = new ArrayList<>(loader.problems());
        for (Document doc : loader.documents()) {
            List<Problem> problems = new ArrayList<>();
            if (!schemas.knows(doc.kind())) {
                problems.add(new Problem("kind", "'" + doc.kind() + "' is not a Tributary kind"));
            } else {
                problems.addAll(schemas.validate(doc.kind(), doc.tree(), doc.retyped()));
                if (problems.isEmpty()) {
                    problems.addAll(cel.check("", withoutNulls(doc.tree()), schemas.schema(doc.kind())));
                }
            }
            problems.forEach(p -> findings.add(new Finding(doc.file(), doc.resource(), p.field(), p.message())));
        }
        return findings;
    }

    /** The tree as the API server keeps it: a field set to null is dropped (pruned) before validation. */
    static JsonNode withoutNulls(JsonNode tree) {
        JsonNode copy = tree.deepCopy();
        prune(copy);
        return copy;
    }

    private static void prune(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> nulls = new ArrayList<>();
            object.fields().forEachRemaining(f -> {
                if (f.getValue().isNull()) {
                    nulls.add(f.getKey());
                } else {
                    prune(f.getValue());
                }
            });
            object.remove(nulls);
        } else if (node != null && node.isArray()) {
            node.forEach(Validator::prune);
        }
    }

    private static List<Problem> dashboardProblems(Dashboard dashboard, Namespace ns) {
        List<Problem> problems = new ArrayList<>();
        var spec = dashboard.getSpec();
        if (spec.pipelines != null && spec.pipelines.names != null) {
            Map<String, Entry> pipelines = ns.byKind.getOrDefault("Pipeline", Map.of());
            for (int i = 0; i < spec.pipelines.names.size(); i++) {
                String name = spec.pipelines.names.get(i);
                if (!pipelines.containsKey(name)) {
                    problems.add(new Problem("spec.pipelines.names[" + i + "]", "Pipeline '" + name + "' does not"
                            + " exist in namespace '" + dashboard.getMetadata().getNamespace() + "': create it, or"
                            + " remove it from spec.pipelines.names"));
                }
            }
        }
        return problems;
    }

    /** Maps strictly; an unknown field is reported (once) and the lenient mapping is used to go on. */
    private static CustomResource<?, ?> map(Document doc, List<Problem> problems) {
        Class<? extends CustomResource<?, ?>> type = CLASSES.get(doc.kind());
        try {
            return STRICT.treeToValue(doc.tree(), type);
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            if (problems.stream().noneMatch(p -> p.field().equals(field))) {
                problems.add(new Problem(field, "unknown field '" + e.getPropertyName()
                        + "': remove it or fix its spelling"));
            }
        } catch (JsonProcessingException e) {
            if (problems.isEmpty()) {
                problems.add(new Problem(e instanceof JsonMappingException m ? path(m) : "-", "cannot be read: "
                        + e.getOriginalMessage().lines().findFirst().orElse("")));
            }
            return null;
        }
        try {
            return LENIENT.treeToValue(doc.tree(), type);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "-" : path.toString();
    }

    /** Adds problems, leaving out a second report on a field this resource already has a problem on. */
    private static void add(List<Finding> findings, Document doc, List<Problem> problems) {
        for (Problem p : problems) {
            boolean already = findings.stream().anyMatch(f -> f.file().equals(doc.file())
                    && f.resource().equals(doc.resource()) && f.field().equals(p.field())
                    && !(p.message().startsWith("statement ") || p.message().startsWith(SqlChecker.PREFIX)));
            if (!already) {
                findings.add(new Finding(doc.file(), doc.resource(), p.field(), p.message()));
            }
        }
    }

    /** Adds CEL problems unless a Java validator already reported on that field or one inside it. */
    private static void addCel(List<Finding> findings, Document doc, List<Problem> problems) {
        for (Problem p : problems) {
            boolean covered = findings.stream().anyMatch(f -> f.file().equals(doc.file())
                    && f.resource().equals(doc.resource()) && (f.field().equals(p.field())
                    || (!p.field().equals("spec") && (f.field().startsWith(p.field() + ".")
                            || f.field().startsWith(p.field() + "[")))));
            if (!covered) {
                findings.add(new Finding(doc.file(), doc.resource(), p.field(), p.message()));
            }
        }
    }

    private static CustomResource<?, ?> placeholder(Document doc) {
        try {
            CustomResource<?, ?> resource = CLASSES.get(doc.kind()).getDeclaredConstructor().newInstance();
            resource.getMetadata().setName(doc.name());
            return resource;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Entry(Document doc, CustomResource<?, ?> resource, boolean schemaClean, List<Problem> cel) {
    }

    private static final class Namespace {
        final Map<String, Map<String, Entry>> byKind = new HashMap<>();

        <T> Map<String, T> resources(String kind, Class<T> type) {
            Map<String, T> out = new LinkedHashMap<>();
            byKind.getOrDefault(kind, Map.of()).forEach((name, e) -> out.put(name, type.cast(e.resource)));
            return out;
        }
    }
}
