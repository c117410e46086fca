package dev.tributary.e2e.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.Commands;
import dev.tributary.e2e.cluster.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Argo CD health checks in {@code helm/argocd/argocd-cm-health.yaml}, run as Argo CD runs them (gopher-lua with
 * Argo CD's libraries, through the runner {@code e2e/provision/provision.sh} builds) against resources captured from
 * e2e runs ({@link HealthFixtures}): each fixture's file name says the health Argo CD must show. No cluster needed.
 */
class ArgoCdHealthE2E {

    private static final Path ARGOCD = Path.of(System.getProperty("tributary.argocd.dir", "../helm/argocd"));
    private static final Path FIXTURES = ARGOCD.resolve("test/fixtures");
    private static final Path CRDS = Path.of(System.getProperty("tributary.crds.dir", "../crds"));
    private static final Path SAMPLE = Path.of(System.getProperty("tributary.samples.dir", "../samples"))
            .resolve("clickstream/clickstream.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_PREFIX = "resource.customizations.health.";

    /** Every state a kind can be in that a real run produced, one test each. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "source", List.of("healthy", "progressing-no-status", "progressing-stale-generation",
                    "degraded-kafka-unavailable"),
            "sink", List.of("healthy", "progressing-no-status", "progressing-stale-generation",
                    "degraded-kafka-unavailable"),
            "pipeline", List.of("healthy-running", "progressing-no-status", "progressing-stale-generation",
                    "progressing-upgrading", "degraded-upgrade-apply-failed", "degraded-source-not-found",
                    "degraded-job-ended", "suspended"),
            "dashboard", List.of("healthy", "progressing-no-status", "degraded-prometheus-operator-missing"));

    private static Path runner;
    private static Map<String, String> scripts;

    @BeforeAll
    static void load() throws IOException {
        runner = Toolchain.binary("argocd-lua");
        scripts = new TreeMap<>();
        YAML.readTree(ARGOCD.resolve("argocd-cm-health.yaml").toFile()).path("data").fields()
                .forEachRemaining(e -> scripts.put(e.getKey(), e.getValue().asText()));
    }

    static Stream<String> fixtures() {
        return REQUIRED.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(e -> e.getValue().stream().map(state -> e.getKey() + "/" + state));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void theHealthArgoCdShowsIsTheOneTheStateCallsFor(String fixture) throws Exception {
        Path object = FIXTURES.resolve(fixture + ".json");
        assertThat(object).as("captured fixture; capture with -D%s (see %s)", HealthFixtures.PROPERTY,
                FIXTURES.resolve("README.md")).exists();
        JsonNode resource = JSON.readTree(object.toFile());
        String state = fixture.substring(fixture.indexOf('/') + 1).split("-")[0];
        String expected = Character.toUpperCase(state.charAt(0)) + state.substring(1);
        JsonNode health = health(resource);
        assertThat(health.path("status").asText()).as("%s: %s", fixture, health).isEqualTo(expected);
        assertThat(health.path("message").asText()).as("a message says why").isNotBlank();
        JsonNode ready = readyCondition(resource);
        if (ready != null && !"Progressing".equals(expected)) {
            assertThat(health.path("message").asText()).as("the message carries the Ready reason")
                    .contains(ready.path("reason").asText());
        }
    }

    @Test
    void theKeysAreArgoCdsForEachKindTheCrdsDeclare() throws IOException {
        List<String> expected = new ArrayList<>();
        try (Stream<Path> crds = Files.list(CRDS)) {
            for (Path crd : crds.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList()) {
                JsonNode spec = YAML.readTree(crd.toFile()).path("spec");
                expected.add(KEY_PREFIX + spec.path("group").asText() + "_" + spec.path("names").path("kind").asText());
            }
        }
        assertThat(expected).contains("resource.customizations.health.tributary.dev_Pipeline").hasSize(4);
        assertThat(scripts.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theFixturesAreExactlyTheStatesTestedSoNoneIsLeftUnchecked() throws IOException {
        TreeSet<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            files.filter(p -> p.toString().endsWith(".json"))
                    .forEach(p -> found.add(FIXTURES.relativize(p).toString().replace(".json", "")));
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(fixtures().toList());
    }

    @Test
    void aScriptReturningNoKnownStatusIsUnknownAsInArgoCd() throws Exception {
        Path script = Files.writeString(Files.createTempFile("bad-", ".lua"), "return {status = \"Fine\"}");
        Path object = Files.writeString(Files.createTempFile("object-", ".json"), "{}");
        assertThat(run(script, object).path("status").asText()).isEqualTo("Unknown");
        Path usesString = Files.writeString(Files.createTempFile("string-", ".lua"),
                "return {status = string.upper(\"healthy\")}");
        CommandResult refused = run(List.of(runner.toString(), usesString.toString(), object.toString()));
        assertThat(refused.exitCode()).as("Argo CD opens no string library; neither does the runner: "
                + refused.describe()).isEqualTo(1);
    }

    @Test
    void theExampleBaseIsTheClickstreamSampleInSyncWavesSourcesAndSinksFirst() throws IOException {
        CommandResult built = run(List.of(Toolchain.load().kubectl().toString(), "kustomize",
                ARGOCD.resolve("example/base").toString()));
        assertThat(built.succeeded()).as(built.describe()).isTrue();
        Map<String, JsonNode> fromBase = byKindAndName(documents(built.stdout()));
        Map<String, JsonNode> sample = byKindAndName(documents(Files.readString(SAMPLE)));
        assertThat(fromBase.keySet()).as("the base holds the sample, no more, no less")
                .containsExactlyInAnyOrderElementsOf(sample.keySet());
        Map<String, String> waves = Map.of("Source", "0", "Sink", "0", "Pipeline", "1", "Dashboard", "2");
        fromBase.forEach((key, resource) -> {
            String kind = resource.path("kind").asText();
            assertThat(resource.path("metadata").path("annotations").path("argocd.argoproj.io/sync-wave").asText())
                    .as("sync wave of %s", key).isEqualTo(waves.get(kind));
            assertThat(resource.path("spec")).as("%s as in %s", key, SAMPLE).isEqualTo(sample.get(key).path("spec"));
        });
    }

    @Test
    void theComponentMergesTheChecksIntoAnArgocdCmThatHasOtherSettings() throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "argocd-component-check")).toAbsolutePath();
        Files.writeString(dir.resolve("argocd-cm.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: argocd-cm, namespace: argocd}
                data: {url: "https://argocd.example.com"}
                """);
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [argocd-cm.yaml]\ncomponents: ["
                + dir.relativize(ARGOCD.toAbsolutePath().normalize()) + "]\n");
        CommandResult built = run(List.of(Toolchain.load().kubectl().toString(), "kustomize", dir.toString()));
        assertThat(built.succeeded()).as(built.describe()).isTrue();
        JsonNode data = YAML.readTree(built.stdout()).path("data");
        assertThat(data.path("url").asText()).as("the user's settings stay").isEqualTo("https://argocd.example.com");
        TreeSet<String> keys = new TreeSet<>();
        data.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsAll(scripts.keySet());
        scripts.forEach((key, script) -> assertThat(data.path(key).asText()).isEqualTo(script));
    }

    private static List<JsonNode> documents(String yaml) throws IOException {
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            return it.readAll();
        }
    }

    private static Map<String, JsonNode> byKindAndName(List<JsonNode> documents) {
        Map<String, JsonNode> byKey = new TreeMap<>();
        documents.stream().filter(d -> d != null && d.has("kind")).forEach(d -> byKey.put(d.path("kind").asText() + "/"
                + d.path("metadata").path("namespace").asText() + "/" + d.path("metadata").path("name").asText(), d));
        return byKey;
    }

    private static JsonNode health(JsonNode resource) throws Exception {
        String key = KEY_PREFIX + resource.path("apiVersion").asText().split("/")[0] + "_"
                + resource.path("kind").asText();
        assertThat(scripts).containsKey(key);
        Path script = Files.writeString(Files.createTempFile("health-", ".lua"), scripts.get(key));
        Path object = Files.writeString(Files.createTempFile("object-", ".json"), JSON.writeValueAsString(resource));
        return run(script, object);
    }

    private static JsonNode run(Path script, Path object) throws Exception {
        CommandResult result = run(List.of(runner.toString(), script.toString(), object.toString()));
        assertThat(result.succeeded()).as(result.describe()).isTrue();
        return JSON.readTree(result.stdout());
    }

    private static CommandResult run(List<String> command) {
        return Commands.run(command, Map.of(), null, Duration.ofSeconds(30));
    }

    private static JsonNode readyCondition(JsonNode resource) {
        for (JsonNode c : resource.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                return c;
            }
        }
        return null;
    }
}
