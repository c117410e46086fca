package dev.tributary.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** `kubectl explain` reads well only if every field says what it is for. */
class CrdDescriptionsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @ValueSource(strings = {"sources", "sinks", "pipelines", "dashboards"})
    void everyFieldIsDescribed(String plural) throws IOException {
        JsonNode crd = YAML.readTree(Path.of(System.getProperty("tributary.committedCrds", "."))
                .resolve(plural + ".tributary.dev-v1.yml").toFile());
        JsonNode version = crd.path("spec").path("versions").get(0);
        List<String> undescribed = new ArrayList<>();
        JsonNode root = version.path("schema").path("openAPIV3Schema").path("properties");
        collectUndescribed("spec", root.path("spec"), undescribed);
        collectUndescribed("status", root.path("status"), undescribed);
        assertThat(undescribed).as("fields of %s without a description", plural).isEmpty();
        assertThat(version.path("subresources").has("status")).isTrue();
        assertThat(version.path("additionalPrinterColumns")).extracting(c -> c.path("name").asText())
                .contains("Ready", "Age");
        assertThat(crd.path("spec").path("names").path("shortNames")).isNotEmpty();
        assertThat(crd.path("spec").path("scope").asText()).isEqualTo("Namespaced");
    }

    private static void collectUndescribed(String path, JsonNode schema, List<String> out) {
        if (!schema.has("description")) {
            out.add(path);
        }
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            collectUndescribed(path + "." + property.getKey(), property.getValue(), out);
        }
        JsonNode items = schema.path("items");
        if (items.has("properties")) {
            for (Map.Entry<String, JsonNode> property : items.path("properties").properties()) {
                collectUndescribed(path + "[]." + property.getKey(), property.getValue(), out);
            }
        }
    }
}
