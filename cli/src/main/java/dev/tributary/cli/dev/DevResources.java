package dev.tributary.cli.dev;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.cli.Document;
import dev.tributary.cli.Validator;
import dev.tributary.cli.YamlLoader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Pipeline a directory declares, with the Sources and Sinks of its namespace. Read after validation. */
record DevResources(Pipeline pipeline, Map<String, Source> sources, Map<String, Sink> sinks) {

    static DevResources load(Path dir) {
        YamlLoader loader = new YamlLoader();
        loader.load(dir);
        List<Pipeline> pipelines = new ArrayList<>();
        List<Source> allSources = new ArrayList<>();
        List<Sink> allSinks = new ArrayList<>();
        for (Document doc : loader.documents()) {
            switch (String.valueOf(doc.kind())) {
                case "Pipeline" -> pipelines.add(withNamespace(map(doc, Pipeline.class), doc));
                case "Source" -> allSources.add(withNamespace(map(doc, Source.class), doc));
                case "Sink" -> allSinks.add(withNamespace(map(doc, Sink.class), doc));
                default -> {
                    // Dashboards have nothing to run locally.
                }
            }
        }
        if (pipelines.size() != 1) {
            throw new IllegalArgumentException(dir + " declares " + pipelines.size() + " Pipelines"
                    + (pipelines.isEmpty() ? "" : " (" + String.join(", ", pipelines.stream()
                            .map(p -> p.getMetadata().getName()).toList()) + ")")
                    + ": dev runs exactly one; put each Pipeline with its Sources and Sinks in a folder of its own");
        }
        Pipeline pipeline = pipelines.get(0);
        String namespace = pipeline.getMetadata().getNamespace();
        Map<String, Source> sources = new LinkedHashMap<>();
        allSources.stream().filter(s -> namespace.equals(s.getMetadata().getNamespace()))
                .filter(s -> pipeline.getSpec().sources.contains(s.getMetadata().getName()))
                .forEach(s -> sources.put(s.getMetadata().getName(), s));
        Map<String, Sink> sinks = new LinkedHashMap<>();
        allSinks.stream().filter(s -> namespace.equals(s.getMetadata().getNamespace()))
                .filter(s -> pipeline.getSpec().sinks.contains(s.getMetadata().getName()))
                .forEach(s -> sinks.put(s.getMetadata().getName(), s));
        return new DevResources(pipeline, sources, sinks);
    }

    String label() {
        return pipeline.getMetadata().getNamespace() + "/" + pipeline.getMetadata().getName();
    }

    private static <T> T map(Document doc, Class<T> type) {
        try {
            return Validator.LENIENT.treeToValue(doc.tree(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(doc.resource() + " cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static <T extends HasMetadata> T withNamespace(T resource, Document doc) {
        resource.getMetadata().setNamespace(doc.namespace() == null || doc.namespace().isBlank()
                ? Document.DEFAULT_NAMESPACE : doc.namespace());
        return resource;
    }
}
