package dev.tributary.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.tributary.api.v1alpha1.Dashboard;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.dashboard.build.DashboardChildren;
import dev.tributary.operator.pipeline.build.DesiredHash;
import dev.tributary.operator.pipeline.build.PipelineDesiredState;
import dev.tributary.operator.source.build.IngestChildren;
import dev.tributary.operator.topic.plan.DeclaredTopics;
import dev.tributary.operator.topic.plan.DesiredTopic;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code tributary render}: the Kubernetes objects the operator would create for valid resources, built by the
 * operator's own builders, as multi-document YAML that {@code kubectl apply} reads. The Kafka topics the operator
 * would create are not Kubernetes objects: they are listed in a comment block at the top, as YAML behind {@code #}.
 */
public final class Renderer {

    /** Owner references need a uid, which the API server assigns when the Pipeline (or Source) is created. */
    public static final String PLACEHOLDER_UID = "00000000-0000-0000-0000-000000000000";

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES))
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final RenderSettings settings;

    public Renderer(RenderSettings settings) {
        this.settings = settings;
    }

    /** What would be made for one namespace's resources. */
    record Rendered(List<RenderedTopic> topics, Map<String, List<HasMetadata>> objectsByOwner,
            List<String> notRendered) {
    }

    /** Renders documents that validate clean (see {@link Validator}). */
    public String render(List<Document> documents, List<String> inputs) {
        Rendered rendered = build(documents);
        StringBuilder out = new StringBuilder();
        out.append("# tributary render ").append(String.join(" ", inputs)).append('\n');
        out.append("# The Kubernetes objects the Tributary operator would create for these resources, with its settings:\n");
        out.append("# ").append(settings.describe()).append('\n');
        out.append("# Owner references carry uid ").append(PLACEHOLDER_UID)
                .append(" where the input gives none: the API server assigns the Pipeline's uid.\n");
        out.append("#\n");
        if (rendered.topics().isEmpty()) {
            out.append("# Kafka topics: none.\n");
        } else {
            out.append("# Kafka topics (in Kafka, not Kubernetes objects; external ones are only used, never changed):\n");
            comment(out, write(rendered.topics()));
        }
        rendered.notRendered().forEach(n -> out.append("# Not rendered: ").append(n).append('\n'));
        rendered.objectsByOwner().forEach((owner, objects) -> {
            for (HasMetadata object : objects) {
                out.append("---\n");
                out.append("# ").append(object.getKind()).append(' ').append(object.getMetadata().getName())
                        .append(", of ").append(owner).append('\n');
                out.append(write(object));
            }
        });
        return out.toString();
    }

    Rendered build(List<Document> documents) {
        Map<String, Map<String, Source>> sources = byNamespace(documents, Source.class);
        Map<String, Map<String, Sink>> sinks = byNamespace(documents, Sink.class);
        Map<String, Map<String, Pipeline>> pipelines = byNamespace(documents, Pipeline.class);
        Map<String, Map<String, Dashboard>> dashboards = byNamespace(documents, Dashboard.class);

        List<RenderedTopic> topics = new ArrayList<>();
        Map<String, List<HasMetadata>> objects = new LinkedHashMap<>();
        sources.forEach((ns, byName) -> byName.values().forEach(s ->
                topics.add(RenderedTopic.of(DeclaredTopics.of(s), "Source " + ns + "/" + s.getMetadata().getName()))));
        sinks.forEach((ns, byName) -> byName.values().stream().filter(s -> s.getSpec().kafka != null).forEach(s ->
                topics.add(RenderedTopic.of(DeclaredTopics.of(s), "Sink " + ns + "/" + s.getMetadata().getName()))));
        // A Source's ingest endpoint, for Sources with spec.ingest.http
        sources.forEach((ns, byName) -> byName.values().stream().filter(IngestChildren::wanted).forEach(s -> {
            if (s.getMetadata().getUid() == null) {
                s.getMetadata().setUid(PLACEHOLDER_UID);
            }
            List<HasMetadata> children = IngestChildren.desired(s, settings.kafkaFor(ns), settings.deployment());
            children.forEach(DesiredHash::stamp);
            objects.put("Source " + ns + "/" + s.getMetadata().getName(), children);
        }));
        pipelines.forEach((ns, byName) -> byName.values().forEach(p -> {
            if (p.getMetadata().getUid() == null) {
                p.getMetadata().setUid(PLACEHOLDER_UID);
            }
            PipelineDesiredState desired = PipelineDesiredState.of(p, sources.getOrDefault(ns, Map.of()),
                    sinks.getOrDefault(ns, Map.of()), settings.kafkaFor(ns), settings.deployment());
            String name = ns + "/" + p.getMetadata().getName();
            topics.add(RenderedTopic.of(desired.deadLetterTopic(), "dead letters of Pipeline " + name));
            desired.children().forEach(DesiredHash::stamp); // as the operator applies them
            objects.put("Pipeline " + name, desired.children());
        }));
        // All of a Dashboard's children, as in a cluster with the Prometheus (and, if asked, Grafana) operator.
        dashboards.forEach((ns, byName) -> byName.values().forEach(d -> {
            if (d.getMetadata().getUid() == null) {
                d.getMetadata().setUid(PLACEHOLDER_UID);
            }
            List<Pipeline> candidates = List.copyOf(pipelines.getOrDefault(ns, Map.of()).values());
            List<HasMetadata> children = DashboardChildren.desired(d, candidates).all();
            children.forEach(DesiredHash::stamp);
            objects.put("Dashboard " + ns + "/" + d.getMetadata().getName(), children);
        }));
        return new Rendered(topics, objects, List.of());
    }

    /** A topic as the comment block lists it: the fields a reviewer checks, in the order they read best. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RenderedTopic(String topic, @JsonProperty("for") String owner, Boolean external, Integer partitions,
            Object replicationFactor, Map<String, String> config, String deletionPolicy) {

        static RenderedTopic of(DesiredTopic topic, String owner) {
            if (topic.external()) {
                return new RenderedTopic(topic.name(), owner, true, null, null, null, null);
            }
            return new RenderedTopic(topic.name(), owner, null, topic.partitions(),
                    topic.replicationFactor() == null ? "broker default" : topic.replicationFactor(),
                    topic.config().isEmpty() ? null : topic.config(), topic.deletionPolicy().toString());
        }
    }

    /** Resources by namespace and name, both sorted, so the output does not depend on file order. */
    private static <T extends CustomResource<?, ?>> Map<String, Map<String, T>> byNamespace(List<Document> documents,
            Class<T> type) {
        Map<String, Map<String, T>> out = new TreeMap<>();
        for (Document doc : documents) {
            if (type != Validator.CLASSES.get(doc.kind())) {
                continue;
            }
            try {
                T resource = Validator.STRICT.treeToValue(doc.tree(), type);
                resource.getMetadata().setNamespace(doc.namespace());
                out.computeIfAbsent(doc.namespace(), n -> new TreeMap<>()).put(doc.name(), resource);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(doc.file() + ": " + doc.resource() + " passed validation but cannot"
                        + " be read: " + e.getOriginalMessage(), e);
            }
        }
        return out;
    }

    private static void comment(StringBuilder out, String yaml) {
        yaml.lines().forEach(line -> out.append("# ").append(line).append('\n'));
    }

    static String write(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as YAML", e);
        }
    }
}
