package dev.tributary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.Commands;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.local.KafkaBroker;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * Random valid mutations (Acto-style): a Source, a Kafka Sink and a Pipeline between them get one random spec after
 * another from a hand-written generator of valid specs; each is checked with {@code kubectl apply --server-side
 * --dry-run=server} (the few the API server rejects are counted and skipped) and applied by server-side apply. After
 * each, within 60 s, the resource must have observed its generation and say Ready True or False with a reason and a
 * sentence, and the operator must still run. Every few Pipeline changes, and at the end, its Deployments, ConfigMaps,
 * Services and claims hold what {@code tributary render} prints for the specs. The default suite runs a few dozen
 * per kind (seed printed; {@code -Dtributary.faults.seed} repeats it); {@code -Dtributary.faults.full=true} 1,000.
 * Not mutated: the claim's size and storage class (Kubernetes makes them immutable, see the README).
 */
@ClusterTest
class RandomMutationsE2E {

    private static final boolean FULL = Boolean.getBoolean("tributary.faults.full");
    private static final long SEED = Long.getLong("tributary.faults.seed", System.nanoTime());
    private static final int PER_KIND = Integer.getInteger("tributary.mutations.perKind", FULL ? 1000 : 12);
    private static final int RENDER_EVERY = FULL ? 50 : 6;
    private static final String NS = "mutations";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> TYPES = List.of("STRING", "BIGINT", "INT", "DOUBLE", "BOOLEAN", "TIMESTAMP(3)",
            "DECIMAL(10, 2)", "VARCHAR(20)");

    private final Random random = new Random(SEED);
    private boolean sinkKeyed = true;
    private boolean pendingSinkKeyed = true;
    private boolean pipelineAggregates;
    private boolean pendingAggregates;
    /** What render printed for each plan that ran settled (no upgrade), by plan hash: what held children must match. */
    private final Map<String, List<JsonNode>> renderedByPlanHash = new java.util.HashMap<>();
    private int heldComparedWithRender;
    private int heldComparedByPlanHash;
    /** Comparisons made while the gate blocked the plan change (state the new plan could not restore). */
    private int blockedUpgrades;
    /** What the render comparisons compared, by kind of child (and "topic" for a topic in Kafka). */
    private final Map<String, Integer> comparisons = new TreeMap<>();
    private int renderComparisons;
    private int sourcePartitions = 1;
    private int sinkPartitions = 1;
    private String sourceSpec;
    private String sinkSpec;
    private String pipelineSpec;

    @Test
    void randomValidSpecsAlwaysEndReadyOrNotReadyWithAReasonAndChildrenAsRenderSaysThem() throws Exception {
        TestCluster cluster = Clusters.shared();
        cluster.installCrds();
        Path work = Files.createDirectories(Clusters.workDir().resolve("random-mutations-e2e"));
        System.out.printf("[mutations] seed %d (-Dtributary.faults.seed=%d repeats it)%n", SEED, SEED);
        try (KafkaBroker kafka = KafkaBroker.start(Files.createDirectories(work.resolve("kafka-" + System.nanoTime())));
                OperatorProcess operator = new OperatorProcess(cluster.kubeconfig(), Map.of(
                        "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                        "TRIBUTARY_RESYNC_PERIOD", "10s",
                        "TRIBUTARY_FLINK_POLL_PERIOD", "2s",
                        "QUARKUS_OPERATOR_SDK_NAMESPACES", NS), work.resolve("operator.log")).start()) {
            cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata()
                    .build()).serverSideApply();
            sourceSpec = sourceSpec();
            sinkSpec = sinkSpec();
            sinkKeyed = pendingSinkKeyed;
            pipelineSpec = pipelineSpec();
            pipelineAggregates = pendingAggregates;
            Map<String, Integer> applied = new TreeMap<>();
            Map<String, Integer> rejected = new TreeMap<>();
            Map<String, Integer> ready = new TreeMap<>();
            List<String> wrong = new ArrayList<>();
            int renders = 0;
            // -Dtributary.faults.minutes bounds a long run: no new mutation after it, and the figures say so.
            long budgetEnds = System.nanoTime() + TimeUnit.MINUTES.toNanos(Long.getLong("tributary.faults.minutes",
                    24 * 60));
            int tried = 0;
            for (int i = 0; i < 3 * PER_KIND && System.nanoTime() < budgetEnds; i++) {
                tried++;
                String kind = List.of("Source", "Sink", "Pipeline").get(i % 3);
                String spec = switch (kind) {
                    case "Source" -> sourceSpec();
                    case "Sink" -> sinkSpec();
                    default -> pipelineSpec();
                };
                Path file = Files.writeString(work.resolve("mutation-" + i + ".yaml"), document(kind, spec));
                GenericKubernetesResource mutation = cluster.client().getKubernetesSerialization()
                        .unmarshal(document(kind, spec), GenericKubernetesResource.class);
                mutation.getMetadata().setNamespace(NS);
                try {
                    apply(cluster, mutation, true);
                } catch (KubernetesClientException e) {
                    rejected.merge(kind, 1, Integer::sum);
                    System.out.printf("[mutations] %d %s rejected by the API server: %s%n", i, kind,
                            e.getMessage());
                    continue;
                }
                switch (kind) {
                    case "Source" -> sourceSpec = spec;
                    case "Sink" -> {
                        sinkSpec = spec;
                        sinkKeyed = pendingSinkKeyed;
                    }
                    default -> {
                        pipelineSpec = spec;
                        pipelineAggregates = pendingAggregates;
                    }
                }
                apply(cluster, mutation, false);
                applied.merge(kind, 1, Integer::sum);
                String name = name(kind);
                try {
                    String[] outcome = new String[1];
                    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().pollInterval(Duration.ofMillis(200)).until(() -> {
                        outcome[0] = readiness(cluster, kind, name);
                        String[] p = outcome[0].split("/", 5);
                        return p.length == 5 && p[0].equals(p[1]) && (p[2].equals("True") || p[2].equals("False"))
                                && !p[3].isBlank() && p[4].trim().length() > 10;
                    });
                    ready.merge(kind + " " + outcome[0].split("/", 5)[2] + "/" + outcome[0].split("/", 5)[3], 1,
                            Integer::sum);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    wrong.add(i + " " + kind + ": no Ready with a reason for generation within 60 s: " + file);
                }
                assertThat(operator.alive()).as("the operator still runs after mutation " + i).isTrue();
                if ((i + 1) % 150 == 0) {
                    System.out.printf("[mutations] progress after %d: applied %s, rejected %s, outcomes %s, wrong %d,"
                            + " comparisons %s%n", i + 1, applied, rejected, ready, wrong.size(), comparisons);
                }
                if (kind.equals("Pipeline") && ++renders % RENDER_EVERY == 0) {
                    wrong.addAll(childrenDifferingFromRender(cluster, kafka, work, i));
                }
            }
            wrong.addAll(childrenDifferingFromRender(cluster, kafka, work, tried));
            System.out.printf("[mutations] %d of %d mutations tried (seed %d)%n", tried, 3 * PER_KIND, SEED);
            System.out.printf("[mutations] applied %s, rejected by the API server %s, outcomes %s, wrong states %d;"
                    + " %d render comparisons, children and topics compared %s; held job children (upgrade in flight)"
                    + " compared with the render of the running plan %d times, by plan hash only %d times (%d of"
                    + " them while the gate blocked the change)%n", applied, rejected, ready, wrong.size(),
                    renderComparisons, comparisons, heldComparedWithRender, heldComparedByPlanHash, blockedUpgrades);
            wrong.forEach(w -> System.out.println("[mutations] WRONG " + w));
            assertThat(wrong).isEmpty();
            assertThat(applied.values().stream().mapToInt(Integer::intValue).sum()).as("mutations applied")
                    .isGreaterThan(2 * tried / 3);
        }
    }

    /**
     * Compares the Pipeline's children with {@code tributary render} of the specs. The children that run the job
     * (plan ConfigMap, Deployments) carry the plan deployed, {@code status.planHash}; when that is not the spec's, a
     * reason must hold it: an upgrade step in flight (a savepoint being taken, or a new JobManager that has not
     * answered, which this suite's kwok node never runs) or the gate's {@code UpgradeBlocked}/{@code UpgradeFailed}.
     * Held children are compared with what render printed for the held plan when an earlier comparison saw it
     * settled, and otherwise their pods' plan-hash annotation must be the held plan's; the other children follow
     * the spec and are compared as usual.
     */
    private List<String> childrenDifferingFromRender(TestCluster cluster, KafkaBroker kafka, Path work, int at)
            throws Exception {
        renderComparisons++;
        Path input = Files.writeString(work.resolve("render-input-" + at + ".yaml"), String.join("---\n",
                document("Source", sourceSpec), document("Sink", sinkSpec), document("Pipeline", pipelineSpec))
                .replace("metadata: {name: ", "metadata: {namespace: " + NS + ", name: "));
        CommandResult render = tributary("render", "--no-sql", "--bootstrap-servers", kafka.bootstrapServers(),
                input.toString());
        if (!render.succeeded()) {
            // render validates first; the operator must then have refused the same spec
            String reason = cluster.kubectl("get", "pipeline", "mutant", "-n", NS, "-o",
                    "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}").stdout().trim();
            return List.of("InvalidSpec", "SourceNotReady", "SinkNotReady", "SourceNotFound", "SinkNotFound")
                    .contains(reason) ? List.of()
                    : List.of("render " + at + " refused the specs but the Pipeline says " + reason + ": "
                            + render.describe());
        }
        List<JsonNode> rendered = new ArrayList<>();
        for (String document : render.stdout().split("(?m)^---$")) {
            JsonNode expected = YAML.readTree(document);
            if (expected != null && expected.has("kind") && List.of("Deployment", "ConfigMap", "Service",
                    "PersistentVolumeClaim", "PodDisruptionBudget", "NetworkPolicy").contains(expected.path("kind").asText())) {
                rendered.add(expected);
            }
        }
        // The status is read again after the comparison: one that moved meanwhile (an upgrade step taken while the
        // children were read) is compared again, so the children are compared with the status they were written for.
        List<String> wrong = List.of();
        for (int attempt = 1; attempt <= 5; attempt++) {
            String[] state = settledState(cluster);
            wrong = new ArrayList<>(childrenDifferingFromStatus(cluster, rendered, state, at, input));
            String[] after;
            try {
                after = readState(cluster);
            } catch (RuntimeException e) {
                after = new String[] {"unread", e.getMessage(), ""};
            }
            if (Arrays.equals(state, after) || wrong.isEmpty()) {
                break;
            }
            System.out.printf("[mutations] after %d: the status moved from %s to %s while the children were compared;"
                    + " comparing again%n", at, String.join("/", state), String.join("/", after));
        }
        List<String> all = new ArrayList<>(wrong);
        all.addAll(topicsDifferingFromRender(kafka, render.stdout(), at, input));
        System.out.printf("[mutations] after %d: children and topics compared with tributary render, %d differ%n", at,
                all.size());
        return all;
    }

    /**
     * The Pipeline's upgrade step, plan hash and Upgrade reason once the gate is not judging: the verdict comes
     * within seconds (the planner runs in the operator), and a blocked change leaves the job's children as the
     * running plan has them.
     */
    private static String[] settledState(TestCluster cluster) {
        String[][] state = new String[1][];
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().pollInterval(Duration.ofMillis(500)).until(() -> {
            state[0] = readState(cluster);
            return !state[0][2].equals("Judging");
        });
        return state[0];
    }

    private static String[] readState(TestCluster cluster) {
        String[] read = cluster.kubectl("get", "pipeline", "mutant", "-n", NS, "-o",
                "jsonpath={.status.upgrade.step}/{.status.planHash}/"
                        + "{.status.conditions[?(@.type==\"Upgrade\")].reason}").stdout().trim().split("/", -1);
        if (read.length != 3) {
            throw new IllegalStateException("unexpected status read: " + String.join("/", read));
        }
        return read;
    }

    private List<String> childrenDifferingFromStatus(TestCluster cluster, List<JsonNode> rendered, String[] state,
            int at, Path input) {
        String upgrade = state[0];
        String runningPlan = state[1];
        String upgradeReason = state[2];
        List<String> wrong = new ArrayList<>();
        String desiredPlan = rendered.stream().filter(d -> d.path("kind").asText().equals("Deployment")).findFirst()
                .map(d -> d.path("spec").path("template").path("metadata").path("annotations")
                        .path("tributary.dev/plan-hash").asText()).orElse("");
        if (runningPlan.isEmpty() || runningPlan.equals(desiredPlan)) {
            renderedByPlanHash.put(desiredPlan, rendered);
            // A redeploy in flight finishes as it began: a suspension asked for meanwhile (render: 0 replicas)
            // follows it, so the replicas are the step's, not the spec's.
            wrong.addAll(differingChildren(cluster, upgrade.isEmpty() ? rendered : rendered.stream()
                    .map(RandomMutationsE2E::withoutReplicas).toList(), at, input));
        } else {
            // The job's children (plan ConfigMap, Deployments) carry the plan deployed (status.planHash) while a
            // step of an upgrade holds them (a savepoint being taken; a new JobManager that has not answered yet,
            // which this suite's kwok node never runs) or the gate blocked the change; the other children follow
            // the spec. A held plan without one of those reasons is wrong.
            if (upgrade.isEmpty() && !List.of("UpgradeBlocked", "UpgradeFailed").contains(upgradeReason)) {
                wrong.add("after mutation " + at + " the Pipeline runs plan " + runningPlan + " while the spec's is "
                        + desiredPlan + ", with no upgrade in flight and Upgrade reason '" + upgradeReason + "'");
            }
            if ("UpgradeBlocked".equals(upgradeReason)) {
                blockedUpgrades++;
            }
            List<JsonNode> followSpec = rendered.stream().filter(d -> !runsTheJob(d)).toList();
            wrong.addAll(differingChildren(cluster, followSpec, at, input));
            List<JsonNode> runningRender = renderedByPlanHash.get(runningPlan);
            if (runningRender != null) {
                heldComparedWithRender++;
                wrong.addAll(differingChildren(cluster, runningRender.stream().filter(RandomMutationsE2E::runsTheJob)
                        .map(RandomMutationsE2E::withoutReplicas).toList(), at, input));
            } else {
                heldComparedByPlanHash++;
                for (JsonNode held : rendered.stream().filter(d -> d.path("kind").asText().equals("Deployment"))
                        .toList()) {
                    String name = held.path("metadata").path("name").asText();
                    String annotation = cluster.kubectl("get", "deployment", name, "-n", NS, "-o",
                            "jsonpath={.spec.template.metadata.annotations.tributary\\.dev/plan-hash}").stdout()
                            .trim();
                    if (!annotation.equals(runningPlan)) {
                        wrong.add("after mutation " + at + " Deployment/" + name + " runs plan " + annotation
                                + " while the status says " + runningPlan + " runs (upgrade step " + upgrade + ")");
                    }
                }
            }
            System.out.printf("[mutations] after %d: plan %s held (upgrade step '%s', Upgrade reason %s), held"
                    + " children compared with %s%n", at, runningPlan, upgrade, upgradeReason,
                    runningRender != null ? "the held plan's render" : "the held plan's hash");
        }
        return wrong;
    }

    /**
     * The topics render lists in its comment block, each compared with Kafka: partitions, replication factor when
     * declared, and the topic's dynamic configs exactly as declared (a config no longer declared must be gone).
     */
    private List<String> topicsDifferingFromRender(KafkaBroker kafka, String rendered, int at, Path input)
            throws Exception {
        String block = rendered.lines().dropWhile(l -> !l.startsWith("# Kafka topics (")).skip(1)
                .takeWhile(l -> l.startsWith("# - ") || l.startsWith("#   ")).map(l -> l.substring(2))
                .collect(Collectors.joining("\n"));
        JsonNode topics = YAML.readTree(block);
        List<String> wrong = new ArrayList<>();
        if (topics == null || !topics.isArray() || topics.isEmpty()) {
            return List.of("render " + at + " listed no topics: " + input);
        }
        try (Admin admin = kafka.admin()) {
            for (JsonNode topic : topics) {
                if (topic.path("external").asBoolean(false)) {
                    continue;
                }
                comparisons.merge("topic", 1, Integer::sum);
                String name = topic.path("topic").asText();
                List<String> differences = new ArrayList<>();
                try {
                    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().pollInterval(Duration.ofSeconds(1)).until(() -> {
                        differences.clear();
                        differences.addAll(topicDifferences(admin, name, topic));
                        return differences.isEmpty();
                    });
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    wrong.add("after mutation " + at + " topic " + name + " differs from render: " + differences
                            + " (input " + input + ")");
                }
            }
        }
        return wrong;
    }

    private static List<String> topicDifferences(Admin admin, String name, JsonNode expected) throws Exception {
        if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(name)) {
            return List.of("missing");
        }
        List<String> differences = new ArrayList<>();
        TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(name);
        if (description.partitions().size() != expected.path("partitions").asInt()) {
            differences.add("partitions " + description.partitions().size() + ", render "
                    + expected.path("partitions").asInt());
        }
        if (expected.path("replicationFactor").isInt() && description.partitions().get(0).replicas().size()
                != expected.path("replicationFactor").asInt()) {
            differences.add("replication factor " + description.partitions().get(0).replicas().size());
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Map<String, String> dynamic = new TreeMap<>();
        admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).entries().stream()
                .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                .forEach(e -> dynamic.put(e.name(), e.value()));
        Map<String, String> declared = new TreeMap<>();
        expected.path("config").fields().forEachRemaining(f -> declared.put(f.getKey(), f.getValue().asText()));
        if (!dynamic.equals(declared)) {
            differences.add("configs " + dynamic + ", render " + declared);
        }
        return differences;
    }

    /** Server-side apply (or its dry run), again after a timeout of a loaded API server; a refusal (4xx) is thrown. */
    private static void apply(TestCluster cluster, GenericKubernetesResource mutation, boolean dryRun) {
        for (int attempt = 1; ; attempt++) {
            try {
                var resource = cluster.client().resource(mutation);
                io.fabric8.kubernetes.client.dsl.ServerSideApplicable<GenericKubernetesResource> apply = dryRun
                        ? resource.dryRun() : resource;
                apply.fieldManager("mutations").forceConflicts().serverSideApply();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() >= 400 && e.getCode() < 500 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** generation/observedGeneration/Ready status/reason/message, as the API server holds them now. */
    private static String readiness(TestCluster cluster, String kind, String name) {
        GenericKubernetesResource resource = cluster.client().genericKubernetesResources("tributary.dev/v1alpha1",
                kind).inNamespace(NS).withName(name).get();
        if (resource == null) {
            return "";
        }
        Object status = resource.getAdditionalProperties().get("status");
        Map<?, ?> fields = status instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> ready = fields.get("conditions") instanceof List<?> conditions ? conditions.stream()
                .filter(c -> c instanceof Map<?, ?> cm && "Ready".equals(cm.get("type"))).map(c -> (Map<?, ?>) c)
                .findFirst().orElse(Map.of()) : Map.of();
        return resource.getMetadata().getGeneration() + "/" + (fields.get("observedGeneration") instanceof Number n
                ? n.longValue() : "") + "/" + text(ready.get("status")) + "/" + text(ready.get("reason")) + "/"
                + text(ready.get("message"));
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static JsonNode withoutReplicas(JsonNode rendered) {
        JsonNode copy = rendered.deepCopy();
        if (copy.path("spec") instanceof com.fasterxml.jackson.databind.node.ObjectNode spec) {
            spec.remove("replicas");
        }
        return copy;
    }

    private static boolean runsTheJob(JsonNode rendered) {
        return List.of("ConfigMap", "Deployment").contains(rendered.path("kind").asText());
    }

    private List<String> differingChildren(TestCluster cluster, List<JsonNode> rendered, int at, Path input) {
        List<String> wrong = new ArrayList<>();
        for (JsonNode original : rendered) {
            comparisons.merge(original.path("kind").asText(), 1, Integer::sum);
            JsonNode expected = withoutDeploymentIdentity(original.deepCopy());
            String kind = expected.path("kind").asText();
            String name = expected.path("metadata").path("name").asText();
            ((com.fasterxml.jackson.databind.node.ObjectNode) expected.path("metadata")).remove("ownerReferences");
            List<String> differences = new ArrayList<>();
            try {
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().pollInterval(Duration.ofSeconds(1)).until(() -> {
                    differences.clear();
                    CommandResult actual = cluster.kubectl("get", kind.toLowerCase(), name, "-n", NS, "-o", "json");
                    if (!actual.succeeded()) {
                        differences.add("missing");
                        return false;
                    }
                    JsonNode observed = withoutDeploymentIdentity(YAML.readTree(actual.stdout()));
                    differences(observed, kind.equals("PersistentVolumeClaim") ? pvcFields(expected) : expected,
                            kind + "/" + name, differences);
                    return differences.isEmpty();
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                wrong.add("after mutation " + at + " " + kind + "/" + name + " differs from render: " + differences
                        + " (input " + input + ")");
            }
        }
        return wrong;
    }

    /**
     * Without the job's id and restore point in a Deployment's arguments: the id derives from the Pipeline's uid,
     * which render does not know, and the restore point from the upgrades the Pipeline went through.
     */
    private static JsonNode withoutDeploymentIdentity(JsonNode object) {
        if (object.path("metadata").path("annotations") instanceof com.fasterxml.jackson.databind.node.ObjectNode a) {
            a.remove("tributary.dev/desired-hash"); // a hash over the owner reference, whose uid render does not know
        }
        for (JsonNode container : object.path("spec").path("template").path("spec").path("containers")) {
            JsonNode args = container.path("args");
            if (args instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
                for (int i = array.size() - 2; i >= 0; i--) {
                    if (List.of("--job-id", "--restore").contains(array.get(i).asText())) {
                        array.remove(i + 1);
                        array.remove(i);
                    }
                }
            }
        }
        return object;
    }

    /** A claim's spec as render prints it, without what the API server fills in (volumeName, storage class). */
    private static JsonNode pvcFields(JsonNode expected) {
        JsonNode copy = expected.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy.path("metadata")).remove("annotations");
        return copy;
    }

    /** Every field written in {@code expected} is in {@code actual} with the same value (the server adds defaults). */
    private static void differences(JsonNode actual, JsonNode expected, String path, List<String> out) {
        if (expected.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (actual == null || !actual.has(field.getKey())) {
                    // the API server leaves out false and empty values (omitempty)
                    if (!field.getValue().isNull() && !"false".equals(field.getValue().asText())
                            && !(field.getValue().isContainerNode() && field.getValue().isEmpty())) {
                        out.add(path + "." + field.getKey() + " missing");
                    }
                } else {
                    differences(actual.get(field.getKey()), field.getValue(), path + "." + field.getKey(), out);
                }
            }
        } else if (expected.isArray()) {
            if (actual == null || actual.size() != expected.size()) {
                out.add(path + " has " + (actual == null ? 0 : actual.size()) + " items, render " + expected.size());
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                differences(actual.get(i), expected.get(i), path + "[" + i + "]", out);
            }
        } else if (!expected.asText().equals(actual.asText())) {
            out.add(path + " is " + actual.asText() + ", render " + expected.asText());
        }
    }

    private static String name(String kind) {
        return switch (kind) {
            case "Source" -> "events";
            case "Sink" -> "results";
            default -> "mutant";
        };
    }

    private static String document(String kind, String spec) {
        return "apiVersion: tributary.dev/v1alpha1\nkind: " + kind + "\nmetadata: {name: " + name(kind) + "}\nspec:\n"
                + spec;
    }

    // --- the generator: every spec it makes is valid by the schema (the dry run counts the exceptions) ---

    private String sourceSpec() {
        sourcePartitions += random.nextInt(2); // partitions only grow (the API server refuses fewer)
        return "  topic: {partitions: " + sourcePartitions + ", replicationFactor: 1"
                + (random.nextBoolean() ? ", config: {retention.ms: \"" + (60000 + random.nextInt(1000000)) + "\"}" : "")
                + (random.nextBoolean() ? ", deletionPolicy: " + pick("Retain", "Delete") : "") + "}\n"
                + "  format: " + pick("json", "json", "avro") + "\n"
                + "  schema: {fields: [{name: id, type: STRING NOT NULL}, {name: amount, type: DOUBLE}"
                + extraFields("x") + "]}\n";
    }

    private String sinkSpec() {
        sinkPartitions += random.nextInt(2);
        // A Sink without keys takes inserts only: it loses them only while the Pipeline does not aggregate.
        pendingSinkKeyed = pipelineAggregates || random.nextInt(4) > 0;
        return "  kafka: {topic: {partitions: " + sinkPartitions + ", replicationFactor: 1}"
                + (pendingSinkKeyed ? ", keyFields: [id]" : "") + "}\n"
                + "  schema: {fields: [{name: id, type: STRING NOT NULL}, {name: total, type: DOUBLE}]}\n";
    }

    private String pipelineSpec() {
        int min = 1 + random.nextInt(3);
        int max = min + random.nextInt(4);
        int initial = min + random.nextInt(max - min + 1);
        int interval = 1 + random.nextInt(120);
        // An aggregate makes updates, which only a Sink with keys takes; otherwise a projection.
        pendingAggregates = sinkKeyed && random.nextBoolean();
        String where = pick("", " WHERE amount > 0", " WHERE id <> 'x'", " WHERE amount IS NOT NULL");
        String sql = pendingAggregates
                ? "INSERT INTO results SELECT id, " + pick("SUM(amount)", "MAX(amount)", "AVG(amount)",
                        "CAST(COUNT(*) AS DOUBLE)", "MIN(amount)") + " AS total FROM events" + where + " GROUP BY id"
                : "INSERT INTO results SELECT id, " + pick("amount", "amount * 2", "COALESCE(amount, 0.0)",
                        "CAST(CHAR_LENGTH(id) AS DOUBLE)", "ABS(amount)") + " AS total FROM events" + where;
        return "  sources: [events]\n  sinks: [results]\n"
                + "  sql: " + sql + "\n"
                + "  parallelism: {initial: " + initial + ", min: " + min + ", max: " + max + "}\n"
                + "  checkpoints: {interval: " + interval + "s, guarantee: " + pick("at-least-once", "exactly-once")
                + ", storage: {volume: {size: 1Gi}}}\n"
                + "  upgradeMode: " + pick("savepoint", "last-state", "stateless") + "\n"
                + "  state: " + pick("running", "running", "suspended") + "\n";
    }

    private String extraFields(String prefix) {
        return IntStream.range(0, random.nextInt(4))
                // quoted: a type such as DECIMAL(10, 2) holds a comma, which ends a value in a flow mapping
                .mapToObj(i -> ", {name: " + prefix + i + ", type: \"" + TYPES.get(random.nextInt(TYPES.size())) + "\"}")
                .collect(Collectors.joining());
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** Runs the CLI from cli/target, as SamplesE2E does. */
    private static CommandResult tributary(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("tributary.cli.jar"));
        Path classpath = Path.of(System.getProperty("tributary.cli.classpath"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", jar + ":" + Files.readString(classpath).trim(), "dev.tributary.cli.Tributary"));
        command.addAll(List.of(args));
        return Commands.run(command, Map.of(), null, Duration.ofMinutes(5)); // a JVM start takes over a minute under load
    }
}
