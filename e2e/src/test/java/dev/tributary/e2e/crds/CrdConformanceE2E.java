package dev.tributary.e2e.crds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Applies every file of the conformance corpus with the real kubectl to the real API server: invalid
 * resources must be rejected by the server itself, naming the offending field (and the rule's message
 * where the case gives one); valid resources must be accepted. Each case gets a namespace of its own.
 */
@ClusterTest
class CrdConformanceE2E {

    /** Server-side apply, as GitOps tools do; it also keeps large specs out of a last-applied annotation. */
    private static final String[] APPLY = {"apply", "--server-side", "--field-manager=tributary-conformance"};

    private static final AtomicInteger namespaces = new AtomicInteger();
    private static final List<Duration> applyTimes = Collections.synchronizedList(new ArrayList<>());
    private static final AtomicInteger invalidRun = new AtomicInteger();
    private static final AtomicInteger validRun = new AtomicInteger();
    private static long suiteStarted;

    static List<ConformanceCase> invalidCases() {
        return ConformanceCase.load(false);
    }

    static List<ConformanceCase> validCases() {
        return ConformanceCase.load(true);
    }

    @BeforeAll
    static void installCrds(TestCluster cluster) {
        suiteStarted = System.nanoTime();
        CrdInstall.ensureEstablished(cluster);
    }

    @AfterAll
    static void report() {
        if (Clusters.startedOrNull() == null) {
            return;
        }
        List<Duration> times;
        synchronized (applyTimes) {
            times = new ArrayList<>(applyTimes);
        }
        Collections.sort(times);
        Duration median = times.isEmpty() ? Duration.ZERO : times.get(times.size() / 2);
        Duration p95 = times.isEmpty() ? Duration.ZERO : times.get((int) (times.size() * 0.95));
        System.out.printf("[e2e] CRD conformance: %d invalid cases rejected-checked, %d valid cases accepted-checked,"
                        + " %d kubectl applies in %.1f s (median apply %d ms, p95 %d ms)%n",
                invalidRun.get(), validRun.get(), times.size(),
                Duration.ofNanos(System.nanoTime() - suiteStarted).toMillis() / 1000.0,
                median.toMillis(), p95.toMillis());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCases")
    void apiServerRejects(ConformanceCase c, TestCluster cluster) {
        invalidRun.incrementAndGet();
        String namespace = namespaceFor(c, cluster);
        List<Path> documents = documentFiles(c);
        for (Path accepted : documents.subList(0, documents.size() - 1)) {
            CommandResult first = apply(cluster, accepted, namespace);
            assertThat(first.succeeded())
                    .as("%s: the first document (the resource before the update) must be accepted\n%s",
                            c.id(), first.describe())
                    .isTrue();
        }
        CommandResult result = apply(cluster, documents.get(documents.size() - 1), namespace);
        String why = c.id() + " (" + c.description() + ")\n" + result.describe();
        assertThat(result.exitCode()).as("must be rejected: %s", why).isNotZero();
        assertThat(result.stderr()).as("the API server must give the error: %s", why)
                .containsPattern("is invalid|Error from server");
        assertThat(result.stderr()).as("the error must name field %s: %s", c.expectedField(), why)
                .containsPattern(fieldPattern(c.expectedField()));
        for (String message : c.expectedMessages()) {
            assertThat(result.stderr()).as("the error must say '%s': %s", message, why).contains(message);
        }
        List<GenericKubernetesResource> stored = stored(cluster, c, namespace);
        if (c.isUpdate()) {
            assertThat(stored).as("%s: the rejected update must leave the resource as it was", c.id())
                    .singleElement().satisfies(r -> assertThat(r.getMetadata().getGeneration()).isEqualTo(1L));
        } else {
            assertThat(stored).as("%s: nothing may be stored", c.id()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCases")
    void apiServerAccepts(ConformanceCase c, TestCluster cluster) {
        validRun.incrementAndGet();
        String namespace = namespaceFor(c, cluster);
        for (Path document : documentFiles(c)) {
            CommandResult result = apply(cluster, document, namespace);
            assertThat(result.succeeded())
                    .as("%s (%s) must be accepted\n%s", c.id(), c.description(), result.describe())
                    .isTrue();
        }
        assertThat(stored(cluster, c, namespace)).as("%s is stored", c.id()).hasSize(1);
    }

    /**
     * The field must appear as a whole path: {@code spec.topic} does not match {@code spec.topic.name}.
     * Server-side apply reports some paths with a leading dot ({@code .spec.topic.partitions}).
     */
    static Pattern fieldPattern(String field) {
        return Pattern.compile("(?<![\\w.\\[\\]])\\.?" + Pattern.quote(field) + "(?![\\w\\[.])");
    }

    private static CommandResult apply(TestCluster cluster, Path file, String namespace) {
        String[] args = new String[APPLY.length + 4];
        System.arraycopy(APPLY, 0, args, 0, APPLY.length);
        args[APPLY.length] = "-n";
        args[APPLY.length + 1] = namespace;
        args[APPLY.length + 2] = "-f";
        args[APPLY.length + 3] = file.toString();
        CommandResult result = cluster.kubectl(args);
        applyTimes.add(result.duration());
        return result;
    }

    private static String namespaceFor(ConformanceCase c, TestCluster cluster) {
        String name = String.format("conformance-%03d-%s", namespaces.incrementAndGet(), c.kind());
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("tributary.dev/conformance-case", c.valid() ? "valid" : "invalid").endMetadata()
                .build()).create();
        return name;
    }

    /** A one-document case is applied as it is; an update's documents are written to files of their own. */
    private static List<Path> documentFiles(ConformanceCase c) {
        if (!c.isUpdate()) {
            return List.of(c.file());
        }
        Path dir = Clusters.workDir().resolve("conformance").resolve(c.id().replace(".yaml", ""));
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < c.documents().size(); i++) {
                files.add(Files.writeString(dir.resolve("document-" + (i + 1) + ".yaml"), c.documents().get(i)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static List<GenericKubernetesResource> stored(TestCluster cluster, ConformanceCase c, String namespace) {
        return cluster.client().genericKubernetesResources("tributary.dev/v1alpha1", c.resourceKind())
                .inNamespace(namespace).list().getItems();
    }
}
