package dev.tributary.e2e.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.api.v1alpha1.Dashboard;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.Commands;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.e2e.cluster.UpstreamCrds;
import dev.tributary.e2e.crds.CrdInstall;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The samples against the real API server: every document reads into our classes with no unknown field; each sample
 * is accepted by {@code kubectl apply --server-side} into the namespaces it names, and stored as written; and what
 * {@code tributary render} prints for it (the CLI run as its own process, as a user runs it) passes the API server's
 * validation and PodSecurity admission at the restricted level, with no warning.
 */
@ClusterTest
class SamplesE2E {

    private static final Path SAMPLES = Path.of(System.getProperty("tributary.samples.dir", "../samples"));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, Class<?>> CLASSES = Map.of("Source", Source.class, "Sink", Sink.class,
            "Pipeline", Pipeline.class, "Dashboard", Dashboard.class);
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    static List<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(SAMPLES)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    @BeforeAll
    static void installCrds(TestCluster cluster) throws IOException {
        assertThat(samples()).as("samples under %s", SAMPLES).hasSizeGreaterThanOrEqualTo(3);
        CrdInstall.ensureEstablished(cluster);
    }

    /** The samples' resources go, so that an operator started by a later suite finds nothing of them. */
    @AfterAll
    static void deleteSampleNamespaces() throws IOException {
        TestCluster cluster = Clusters.startedOrNull();
        if (cluster == null) {
            return;
        }
        TreeSet<String> namespaces = new TreeSet<>();
        for (Path sample : samples()) {
            namespaces.addAll(namespacesOf(documents(sample)));
        }
        namespaces.remove("default");
        namespaces.forEach(ns -> cluster.client().namespaces().withName(ns).delete());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyDocumentReadsIntoOurClassesWithNoUnknownField(Path sample) throws IOException {
        List<JsonNode> documents = documents(sample);

        assertThat(documents).isNotEmpty();
        for (JsonNode doc : documents) {
            String kind = doc.path("kind").asText();
            assertThat(CLASSES).as("kind of %s", name(doc)).containsKey(kind);
            assertThatCode(() -> STRICT.treeToValue(doc, CLASSES.get(kind))).as(name(doc)).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theApiServerAcceptsTheSampleAndStoresItAsWritten(Path sample, TestCluster cluster) throws IOException {
        List<JsonNode> documents = documents(sample);
        namespacesOf(documents).forEach(ns -> restrictedNamespace(cluster, ns));

        CommandResult apply = cluster.kubectl("apply", "--server-side", "--field-manager=tributary-samples",
                "-f", sample.toString());

        assertThat(apply.succeeded()).as(apply.describe()).isTrue();
        assertThat(apply.stderr()).as("no warnings\n%s", apply.describe()).doesNotContainIgnoringCase("warning");
        for (JsonNode doc : documents) {
            GenericKubernetesResource stored = cluster.client().genericKubernetesResources(
                    doc.path("apiVersion").asText(), doc.path("kind").asText())
                    .inNamespace(doc.path("metadata").path("namespace").asText())
                    .withName(doc.path("metadata").path("name").asText()).get();
            assertThat(stored).as("%s is stored", name(doc)).isNotNull();
            JsonNode storedSpec = YAML.valueToTree(stored.getAdditionalProperties().get("spec"));
            assertContains(storedSpec, doc.path("spec"), name(doc) + ": spec");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void whatRenderPrintsPassesTheApiServerAndRestrictedPodSecurity(Path sample, TestCluster cluster)
            throws IOException {
        namespacesOf(documents(sample)).forEach(ns -> restrictedNamespace(cluster, ns));
        UpstreamCrds.install(cluster); // the samples' Dashboards render PrometheusRules and PodMonitors
        CommandResult render = tributary("render", "--no-sql", sample.toString());
        assertThat(render.succeeded()).as(render.describe()).isTrue();
        Path rendered = Files.writeString(Clusters.workDir().resolve("render-" + sample.getFileName() + ".yaml"),
                render.stdout());

        CommandResult dryRun = cluster.kubectl("apply", "--dry-run=server", "--server-side",
                "--field-manager=tributary-operator", "-f", rendered.toString());

        assertThat(dryRun.succeeded()).as(dryRun.describe()).isTrue();
        assertThat(dryRun.stdout()).contains("deployment.apps/", "configmap/", "persistentvolumeclaim/", "service/",
                "poddisruptionbudget.policy/", "networkpolicy.networking.k8s.io/");
        assertThat(dryRun.stderr()).as("no PodSecurity (or other) warnings\n%s", dryRun.describe())
                .doesNotContainIgnoringCase("warning");

        // A Deployment's template is only warned about; a Pod is enforced: each template, as a Pod, must be admitted.
        List<Deployment> deployments = renderedDeployments(render.stdout());
        // the JobManager and the TaskManagers, and an ingest Deployment per Source with ingest.http (iot-sensors)
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .anyMatch(n -> n.endsWith("-jobmanager")).anyMatch(n -> n.endsWith("-taskmanager"))
                .hasSize(2 + (int) deployments.stream().filter(d -> d.getMetadata().getName().endsWith("-ingest"))
                        .count());
        for (Deployment deployment : deployments) {
            Pod pod = new PodBuilder().withNewMetadata().withName(deployment.getMetadata().getName() + "-probe")
                    .withNamespace(deployment.getMetadata().getNamespace())
                    .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                    .withSpec(deployment.getSpec().getTemplate().getSpec()).build();
            Path podFile = Files.writeString(Clusters.workDir().resolve(pod.getMetadata().getName() + ".yaml"),
                    KUBERNETES.asYaml(pod));
            CommandResult admitted = cluster.kubectl("create", "--dry-run=server", "-f", podFile.toString());
            assertThat(admitted.succeeded()).as("the %s pod is admitted\n%s", deployment.getMetadata().getName(),
                    admitted.describe()).isTrue();
        }
    }

    /** Namespaces enforce and warn at the restricted level; the PodSecurity admission of the API server checks. */
    private static void restrictedNamespace(TestCluster cluster, String name) {
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .addToLabels("pod-security.kubernetes.io/warn", "restricted")
                .addToLabels("pod-security.kubernetes.io/audit", "restricted")
                .endMetadata().build()).serverSideApply();
    }

    /** Runs the CLI from cli/target, the way the ./tributary launcher does, without the launcher's build step. */
    private static CommandResult tributary(String... args) throws IOException {
        Path jar = Path.of(System.getProperty("tributary.cli.jar"));
        Path classpath = Path.of(System.getProperty("tributary.cli.classpath"));
        assertThat(jar).as("the CLI is built in the same reactor (-pl e2e -am)").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", jar + ":" + Files.readString(classpath).trim(), "dev.tributary.cli.Tributary"));
        command.addAll(List.of(args));
        return Commands.run(command, Map.of(), null, Duration.ofMinutes(2));
    }

    private static List<Deployment> renderedDeployments(String yaml) {
        List<Deployment> deployments = new ArrayList<>();
        for (String document : yaml.split("(?m)^---$")) {
            if (document.contains("\nkind: Deployment\n")) {
                deployments.add(KUBERNETES.unmarshal(document, Deployment.class));
            }
        }
        return deployments;
    }

    /** Every field written in {@code expected} is in {@code actual} with the same value (the server may add defaults). */
    private static void assertContains(JsonNode actual, JsonNode expected, String path) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as("%s is an object in %s", path, actual).isTrue();
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                assertThat(actual.has(field.getKey())).as("%s.%s is stored", path, field.getKey()).isTrue();
                assertContains(actual.get(field.getKey()), field.getValue(), path + "." + field.getKey());
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as("%s has as many items", path).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertContains(actual.get(i), expected.get(i), path + "[" + i + "]");
            }
        } else if (expected.isNumber()) {
            assertThat(actual.isNumber() && actual.decimalValue().compareTo(expected.decimalValue()) == 0)
                    .as("%s: stored %s, written %s", path, actual, expected).isTrue();
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }

    private static List<JsonNode> documents(Path sample) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(sample)) {
            files = s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
        for (Path file : files) {
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                it.readAll().stream().filter(d -> d != null && !d.isNull() && !d.isMissingNode()).forEach(documents::add);
            }
        }
        return documents;
    }

    private static TreeSet<String> namespacesOf(List<JsonNode> documents) {
        TreeSet<String> namespaces = new TreeSet<>();
        documents.forEach(d -> namespaces.add(d.path("metadata").path("namespace").asText("default")));
        return namespaces;
    }

    private static String name(JsonNode doc) {
        return doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
    }
}
