package dev.tributary.e2e.crds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks the conformance corpus itself, without a cluster, so that a malformed case fails in seconds:
 * its shape, its header, and that every expected field path exists in the committed CRD schema.
 */
class ConformanceCorpusTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> KINDS = List.of("source", "sink", "pipeline", "dashboard");
    /** Kinds whose CRDs have transition rules (oldSelf), which only an update can exercise. */
    private static final List<String> KINDS_WITH_TRANSITION_RULES = List.of("source", "sink", "pipeline");
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");
    private final Map<String, JsonNode> schemas = new HashMap<>();

    @Test
    void corpusIsLargeEnoughAndCoversEveryKind() {
        List<ConformanceCase> invalid = ConformanceCase.load(false);
        List<ConformanceCase> valid = ConformanceCase.load(true);
        assertThat(invalid).hasSizeGreaterThanOrEqualTo(150);
        assertThat(valid).hasSizeGreaterThanOrEqualTo(30);
        for (String kind : KINDS) {
            assertThat(invalid).as("invalid %s cases", kind).anyMatch(c -> c.kind().equals(kind) && !c.isUpdate());
            assertThat(valid).as("valid %s cases", kind).anyMatch(c -> c.kind().equals(kind));
        }
        for (String kind : KINDS_WITH_TRANSITION_RULES) {
            assertThat(invalid).as("invalid %s updates", kind).anyMatch(c -> c.kind().equals(kind) && c.isUpdate());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaseIsWellFormed() {
        return Stream.concat(ConformanceCase.load(false).stream(), ConformanceCase.load(true).stream())
                .map(c -> DynamicTest.dynamicTest(c.id(), () -> checkShape(c)));
    }

    private void checkShape(ConformanceCase c) throws IOException {
        assertThat(KINDS).as("kind folder of %s", c.id()).contains(c.kind());
        assertThat(c.description()).as("%s says what it is in its leading comment", c.id()).isNotBlank();
        assertThat(c.documents()).as("%s holds one document, or two for an update", c.id()).hasSizeBetween(1, 2);
        String name = null;
        for (String document : c.documents()) {
            JsonNode doc = YAML.readTree(document);
            assertThat(doc.path("apiVersion").asText()).as(c.id()).isEqualTo("tributary.dev/v1alpha1");
            assertThat(doc.path("kind").asText()).as(c.id()).isEqualTo(c.resourceKind());
            assertThat(doc.path("metadata").has("namespace"))
                    .as("%s must not set a namespace: each case runs in a namespace of its own", c.id()).isFalse();
            String docName = doc.path("metadata").path("name").asText();
            assertThat(docName).as("%s metadata.name", c.id()).isNotBlank();
            if (name != null) {
                assertThat(docName).as("both documents of update %s name the same resource", c.id()).isEqualTo(name);
            }
            name = docName;
        }
        if (c.valid()) {
            assertThat(c.expectedField()).as("valid case %s expects no error", c.id()).isNull();
            return;
        }
        assertThat(c.expectedField()).as("%s has a '# expect: <field path>' line", c.id()).isNotBlank();
        assertThat(c.expectedMessages()).as("%s messages", c.id()).allSatisfy(m -> assertThat(m).isNotBlank());
        if (!c.expectedField().startsWith("metadata.")) {
            assertThat(fieldExists(c.kind(), c.expectedField()))
                    .as("%s expects an error on %s, which the %s CRD does not declare", c.id(), c.expectedField(),
                            c.resourceKind())
                    .isTrue();
        }
    }

    /** Walks the CRD's OpenAPI schema along a path such as spec.schema.fields[1].name. */
    private boolean fieldExists(String kind, String path) throws IOException {
        JsonNode node = schema(kind);
        String[] parts = INDEX.matcher(path).replaceAll(".[]").split("\\.");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.equals("[]")) {
                node = node.path("items");
            } else if (node.path("properties").has(part)) {
                node = node.path("properties").path(part);
            } else if (node.has("additionalProperties")) {
                return true; // the rest is a map key, such as a topic config name
            } else {
                return false;
            }
            if (node.isMissingNode()) {
                return false;
            }
        }
        return true;
    }

    private JsonNode schema(String kind) throws IOException {
        JsonNode cached = schemas.get(kind);
        if (cached == null) {
            Path file = CrdFiles.directory().resolve(kind + "s.tributary.dev-v1.yml");
            cached = YAML.readTree(file.toFile()).path("spec").path("versions").path(0).path("schema")
                    .path("openAPIV3Schema");
            schemas.put(kind, cached);
        }
        return cached;
    }
}
