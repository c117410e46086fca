package dev.tributary.e2e.crds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.TestCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code tributary validate} against the API server, case by case: every document of the conformance corpus (valid
 * and invalid, each document of an update on its own, as a create), every document of the samples, and a generated
 * set of YAML scalar edge cases (YAML 1.1 booleans, octal and hex integers, floats, nulls, timestamps, tags, merge
 * keys) in fields of each schema type. Validate's single-resource verdict (the CRD's schema and CEL rules, on YAML
 * read as kubectl reads it) runs in this JVM, from the CLI's own jar and class path in a class loader of its own; the
 * API server's verdict is {@code kubectl apply --dry-run=server} as a user runs it, one file per document, all files
 * of a batch in one kubectl call, each error attributed by its file name. The two must agree on every case.
 */
@ClusterTest
class ValidateAgreesWithApiServerE2E {

    private static final String NAMESPACE = "validate-agrees";
    private static final Pattern NAMESPACE_LINE = Pattern.compile("(?m)^  namespace:\\s*(\\S+)\\s*$");
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    /** One document to compare, written to a file of its own. */
    record Case(String label, Path file) {
    }

    /** What validate said, and what the API server said. */
    record Verdict(Case c, List<String> validate, boolean serverRejects, String server) {
        boolean agree() {
            return validate.isEmpty() != serverRejects;
        }
    }

    @Test
    void validateAcceptsExactlyWhatTheApiServerAccepts(TestCluster cluster) throws Exception {
        CrdInstall.ensureEstablished(cluster);
        long started = System.nanoTime();
        Path dir = Files.createDirectories(Clusters.workDir().resolve("validate-agrees"));
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        List<Case> corpus = new ArrayList<>();
        for (boolean valid : List.of(true, false)) {
            for (ConformanceCase c : ConformanceCase.load(valid)) {
                for (int i = 0; i < c.documents().size(); i++) {
                    corpus.add(write(dir, "corpus", c.id() + (c.isUpdate() ? " document " + (i + 1) : ""),
                            c.documents().get(i), corpus.size()));
                }
            }
        }
        List<Case> scalars = new ArrayList<>();
        for (String[] edge : ScalarEdgeCases.all()) {
            scalars.add(write(dir, "scalar", edge[0], edge[1], scalars.size()));
        }
        List<Case> samples = new ArrayList<>();
        Set<String> sampleNamespaces = new LinkedHashSet<>();
        Path samplesDir = Path.of(System.getProperty("tributary.samples.dir", "../samples"));
        try (Stream<Path> files = Files.walk(samplesDir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                String[] documents = DOCUMENT_SEPARATOR.split(Files.readString(file));
                for (int i = 0; i < documents.length; i++) {
                    if (documents[i].lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
                        continue;
                    }
                    Matcher ns = NAMESPACE_LINE.matcher(documents[i]);
                    while (ns.find()) {
                        sampleNamespaces.add(ns.group(1));
                    }
                    samples.add(write(dir, "sample", samplesDir.relativize(file) + " document " + (i + 1),
                            documents[i], samples.size()));
                }
            }
        }
        createNamespace(cluster, NAMESPACE);
        sampleNamespaces.forEach(ns -> createNamespace(cluster, ns));

        List<Case> inNamespace = new ArrayList<>(corpus);
        inNamespace.addAll(scalars);
        List<Verdict> verdicts = new ArrayList<>();
        try (InProcessValidator validator = InProcessValidator.fromCli()) {
            verdicts.addAll(compare(cluster, validator, inNamespace, NAMESPACE));
            verdicts.addAll(compare(cluster, validator, samples, null));
        }
        StringBuilder table = new StringBuilder();
        for (Verdict v : verdicts) {
            table.append(v.agree() ? "agree   " : "DISAGREE").append(v.serverRejects() ? " rejected " : " accepted ")
                    .append(v.c().file().getFileName()).append(' ').append(v.c().label()).append("\n    validate: ")
                    .append(v.validate().isEmpty() ? "ok" : v.validate().get(0)).append("\n    server:   ")
                    .append(v.server().isEmpty() ? "ok" : v.server().lines().findFirst().orElse("")).append('\n');
        }
        Files.writeString(dir.resolve("verdicts.txt"), table);
        List<Verdict> disagreements = verdicts.stream().filter(v -> !v.agree()).toList();
        long rejected = verdicts.stream().filter(Verdict::serverRejects).count();
        System.out.printf("[e2e] validate vs API server: %d cases (%d corpus documents, %d samples documents, %d"
                        + " scalar edge cases), %d rejected by both, %d accepted by both, %d disagreements, in %.1f s%n",
                verdicts.size(), corpus.size(), samples.size(), scalars.size(),
                verdicts.stream().filter(v -> v.agree() && v.serverRejects()).count(),
                verdicts.stream().filter(v -> v.agree() && !v.serverRejects()).count(), disagreements.size(),
                (System.nanoTime() - started) / 1e9);
        StringBuilder why = new StringBuilder();
        for (Verdict v : disagreements) {
            why.append("\n- ").append(v.c().label()).append(" (").append(v.c().file().getFileName()).append("): ")
                    .append(v.serverRejects() ? "the API server rejects it, validate accepts it:\n    " + v.server()
                            : "validate rejects it, the API server accepts it:\n    " + String.join("\n    ",
                                    v.validate()));
        }
        assertThat(disagreements).as("cases where validate and the API server disagree:%s", why).isEmpty();
        assertThat(rejected).as("the corpus and edge cases include rejected cases").isPositive();
    }

    private static Case write(Path dir, String set, String label, String yaml, int index) throws IOException {
        Path file = dir.resolve(String.format("%s-%04d.yaml", set, index));
        Files.writeString(file, yaml);
        return new Case(set + " " + label, file);
    }

    private static void createNamespace(TestCluster cluster, String name) {
        if (cluster.client().namespaces().withName(name).get() == null) {
            cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                    .endMetadata().build()).create();
        }
    }

    /**
     * One {@code kubectl apply --dry-run=server} over every file of the batch; kubectl goes on past a rejected file
     * and names the file in its error. A disagreement is confirmed by applying that file alone.
     */
    private static List<Verdict> compare(TestCluster cluster, InProcessValidator validator, List<Case> cases,
            String namespace) throws Exception {
        List<String> args = new ArrayList<>(List.of("apply", "--dry-run=server"));
        if (namespace != null) {
            args.addAll(List.of("-n", namespace));
        }
        for (Case c : cases) {
            args.addAll(List.of("-f", c.file().toString()));
        }
        CommandResult batch = cluster.kubectl(args.toArray(String[]::new));
        String output = batch.stderr();
        List<Verdict> verdicts = new ArrayList<>();
        int accepted = 0;
        for (Case c : cases) {
            List<String> findings = validator.apiServerFindings(c.file());
            String name = c.file().getFileName().toString();
            boolean rejects = output.contains(name);
            String server = output.lines().filter(l -> l.contains(name)).reduce((a, b) -> a + "\n" + b).orElse("");
            if (findings.isEmpty() == rejects) {
                List<String> alone = new ArrayList<>(args.subList(0, args.size() - 2 * cases.size()));
                alone.addAll(List.of("-f", c.file().toString()));
                CommandResult single = cluster.kubectl(alone.toArray(String[]::new));
                rejects = !single.succeeded();
                server = single.describe();
            }
            accepted += rejects ? 0 : 1;
            verdicts.add(new Verdict(c, findings, rejects, server));
        }
        long created = batch.stdout().lines().filter(l -> l.contains("(server dry run)")).count();
        assertThat(created).as("every file kubectl did not reject was applied (no file was skipped):\n%s",
                batch.describe()).isGreaterThanOrEqualTo(accepted);
        return verdicts;
    }
}
