package dev.tributary.cli.diff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.cli.KubeYaml;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pipelines' releases read from what {@code tributary render} prints (or {@code kubectl get configmap,deployment
 * -o yaml} of a cluster): each plan from its ConfigMap's {@code plan.json}, its image from its JobManager's
 * container. A bare {@code plan.json} is one release without an image.
 */
final class Releases {

    private static final String INSTANCE = "app.kubernetes.io/instance";
    private static final String COMPONENT = "app.kubernetes.io/component";

    private Releases() {
    }

    static Map<String, Release> fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (text.stripLeading().startsWith("{")) {
            Release release = new Release(PlanCodec.fromJson(text), null, null);
            return new TreeMap<>(Map.of(release.key(), release));
        }
        return fromRendered(text);
    }

    static Map<String, Release> fromRendered(String yaml) {
        Map<String, Release> releases = new TreeMap<>();
        Map<String, String> images = new TreeMap<>();
        for (KubeYaml.Read read : KubeYaml.readAll(new StringReader(yaml))) {
            JsonNode doc = read.tree();
            if (doc == null || !doc.isObject()) {
                continue;
            }
            if (doc.path("kind").asText().equals("List")) {
                doc.path("items").forEach(item -> collect(item, releases, images));
            } else {
                collect(doc, releases, images);
            }
        }
        releases.replaceAll((key, r) -> new Release(r.plan(), images.get(key), r.upgradeMode()));
        return releases;
    }

    private static void collect(JsonNode doc, Map<String, Release> releases, Map<String, String> images) {
        String kind = doc.path("kind").asText();
        JsonNode plan = doc.path("data").path(PlanCodec.CONFIG_MAP_KEY);
        if (kind.equals("ConfigMap") && plan.isTextual()) {
            Release release = new Release(PlanCodec.fromJson(plan.asText()), null, null);
            releases.put(release.key(), release);
        }
        JsonNode labels = doc.path("metadata").path("labels");
        if (kind.equals("Deployment") && labels.path(COMPONENT).asText().equals("jobmanager")) {
            String key = doc.path("metadata").path("namespace").asText("default") + "/" + labels.path(INSTANCE).asText();
            JsonNode containers = doc.path("spec").path("template").path("spec").path("containers");
            if (containers.size() > 0) {
                images.put(key, containers.get(0).path("image").asText(null));
            }
        }
    }
}
