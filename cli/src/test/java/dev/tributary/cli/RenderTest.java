package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tributary render} on the samples: the objects the operator would make, read back from the YAML printed and
 * checked field by field on what matters. SQL planning is left to the validate tests ({@code --no-sql}) to keep these
 * fast.
 */
class RenderTest {

    static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    /** What a sample must render to. */
    record Expected(String sample, String namespace, String pipeline, int taskManagers, String volumeSize,
            String sourceTopic, int sourcePartitions, Map<String, String> sourceConfig, String deadLetterTopic,
            List<String> secretsMounted) {
        @Override
        public String toString() {
            return sample;
        }
    }

    static Stream<Expected> samples() {
        return Stream.of(
                new Expected("clickstream", "shop", "sessionize", 2, "10Gi", "shop.clicks", 6,
                        Map.of("retention.ms", "604800000"), "shop.sessionize.dlq", List.of()),
                new Expected("iot-sensors", "plant", "machine-health", 2, "5Gi", "plant.sensor-readings", 8,
                        Map.of("retention.ms", "259200000", "cleanup.policy", "delete"), "plant.machine-health.dlq",
                        List.of("plant-alerts-webhook", "plant-archive-s3")),
                new Expected("payment-fraud", "payments", "card-testing", 4, "20Gi", "payments.authorizations", 12,
                        Map.of("retention.ms", "1209600000", "min.insync.replicas", "2"), "payments.card-testing.dlq",
                        List.of("fraud-db")));
    }

    /** One run of the command, with its output read back: the objects and the topics of the comment block. */
    record Run(int exitCode, String out, String err, List<HasMetadata> objects, List<JsonNode> topics) {

        /** The Pipelines' children, without the Dashboards'. */
        List<HasMetadata> pipelineObjects() {
            return objects.stream().filter(o -> "tributary-pipeline".equals(o.getMetadata().getLabels()
                    .get("app.kubernetes.io/name"))).toList();
        }

        <T extends HasMetadata> T object(Class<T> kind, String name) {
            return objects.stream().filter(kind::isInstance).map(kind::cast)
                    .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name + " in\n" + out));
        }

        JsonNode topic(String name) {
            return topics.stream().filter(t -> t.path("topic").asText().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("topic " + name + " is not listed in\n" + out));
        }

        /** Everything after the first line, which echoes the command's arguments. */
        String afterFirstLine() {
            return out.substring(out.indexOf('\n') + 1);
        }
    }

    static Run render(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> command = new ArrayList<>(List.of("render"));
        command.addAll(Arrays.asList(args));
        int exit = Tributary.run(command.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        List<HasMetadata> objects = new ArrayList<>();
        List<JsonNode> topics = new ArrayList<>();
        if (exit == 0) {
            String[] documents = printed.split("(?m)^---$");
            for (int i = 1; i < documents.length; i++) {
                objects.add(KUBERNETES.unmarshal(documents[i], HasMetadata.class));
            }
            topics.addAll(topicsOf(documents[0]));
        }
        return new Run(exit, printed, err.toString(StandardCharsets.UTF_8), objects, topics);
    }

    /** The YAML behind {@code #} under the "Kafka topics" line of the header. */
    static List<JsonNode> topicsOf(String header) {
        StringBuilder yaml = new StringBuilder();
        boolean inBlock = false;
        for (String line : header.lines().toList()) {
            if (line.startsWith("# Kafka topics")) {
                inBlock = true;
            } else if (inBlock && (line.startsWith("# - ") || line.startsWith("#   "))) {
                yaml.append(line.substring(2)).append('\n');
            } else if (inBlock) {
                break;
            }
        }
        try {
            List<JsonNode> topics = new ArrayList<>();
            YamlLoader.YAML.readTree(yaml.toString()).forEach(topics::add);
            return topics;
        } catch (IOException e) {
            throw new AssertionError("the topic block is not YAML:\n" + yaml, e);
        }
    }

    static Path sample(String name) {
        return SamplesTest.SAMPLES.resolve(name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void rendersTheOperatorsObjectsForEachSample(Expected e) throws IOException {
        Run run = render("--no-sql", sample(e.sample()).toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        String p = e.pipeline();
        assertThat(run.pipelineObjects()).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactly(
                "ConfigMap/" + p + "-plan", "PersistentVolumeClaim/" + p + "-checkpoints",
                "Service/" + p + "-jobmanager", "Deployment/" + p + "-jobmanager", "Deployment/" + p + "-taskmanager",
                "PodDisruptionBudget/" + p, "NetworkPolicy/" + p);
        for (HasMetadata object : run.pipelineObjects()) {
            assertThat(object.getMetadata().getNamespace()).isEqualTo(e.namespace());
            if (object instanceof PersistentVolumeClaim) {
                assertThat(object.getMetadata().getOwnerReferences()).as("retained (deletionPolicy Retain by default):"
                        + " the garbage collector must not delete it with the Pipeline").isEmpty();
                assertThat(object.getMetadata().getAnnotations()).containsEntry("tributary.dev/pipeline", p);
            } else {
                assertThat(object.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
                    assertThat(owner.getApiVersion()).isEqualTo("tributary.dev/v1alpha1");
                    assertThat(owner.getKind()).isEqualTo("Pipeline");
                    assertThat(owner.getName()).isEqualTo(p);
                    assertThat(owner.getUid()).isEqualTo(Renderer.PLACEHOLDER_UID);
                    assertThat(owner.getController()).isTrue();
                    assertThat(owner.getBlockOwnerDeletion()).isTrue();
                });
            }
            assertThat(object.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "tributary-pipeline")
                    .containsEntry("app.kubernetes.io/instance", p)
                    .containsEntry("app.kubernetes.io/managed-by", "tributary-operator")
                    .containsEntry("app.kubernetes.io/part-of", "tributary");
            assertThat(object.getMetadata().getAnnotations()).containsKey("tributary.dev/desired-hash");
        }

        ConfigMap planMap = run.object(ConfigMap.class, p + "-plan");
        PipelinePlan plan = PlanCodec.fromJson(planMap.getData().get(PlanCodec.CONFIG_MAP_KEY));
        assertThat(plan.namespace()).isEqualTo(e.namespace());
        assertThat(plan.name()).isEqualTo(p);
        assertThat(plan.sql()).isEqualTo(sqlOf(sample(e.sample()), p));
        assertThat(plan.deadLetterTopic()).isEqualTo(e.deadLetterTopic());
        assertThat(plan.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(plan.sources()).anySatisfy(s -> assertThat(s.topic()).isEqualTo(e.sourceTopic()));

        Deployment jobManager = run.object(Deployment.class, p + "-jobmanager");
        Deployment taskManager = run.object(Deployment.class, p + "-taskmanager");
        assertThat(jobManager.getSpec().getReplicas()).isEqualTo(1);
        assertThat(taskManager.getSpec().getReplicas()).isEqualTo(e.taskManagers());
        assertThat(jobManager.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "jobmanager");
        assertThat(taskManager.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "taskmanager");
        Container jobManagerContainer = jobManager.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(String.join(" ", jobManagerContainer.getCommand()) + " " + String.join(" ",
                jobManagerContainer.getArgs())).as("the JobManager runs the runtime").contains("dev.tributary.runtime.");
        for (Deployment deployment : List.of(jobManager, taskManager)) {
            assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsEntry("tributary.dev/plan-hash", PlanCodec.hash(plan));
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertRestricted(pod);
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            Container container = pod.getContainers().get(0);
            assertThat(container.getImage()).isEqualTo("ghcr.io/tributary-dev/tributary-pipeline-runtime:latest");
            String planVolume = pod.getVolumes().stream().filter(v -> v.getConfigMap() != null
                    && v.getConfigMap().getName().equals(p + "-plan")).map(Volume::getName).findFirst().orElseThrow();
            assertThat(container.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getName()).isEqualTo(planVolume);
                assertThat(m.getReadOnly()).isTrue();
            });
            assertThat(pod.getVolumes()).filteredOn(v -> v.getPersistentVolumeClaim() != null)
                    .singleElement().satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName())
                            .isEqualTo(p + "-checkpoints"));
            assertThat(pod.getVolumes().stream().filter(v -> v.getSecret() != null)
                    .map(v -> v.getSecret().getSecretName())).containsExactlyInAnyOrderElementsOf(e.secretsMounted());
        }

        PersistentVolumeClaim volume = run.object(PersistentVolumeClaim.class, p + "-checkpoints");
        assertThat(volume.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity(e.volumeSize()));
        assertThat(volume.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(volume.getSpec().getStorageClassName()).as("the cluster's default storage class").isNull();

        assertThat(run.object(Service.class, p + "-jobmanager").getSpec().getSelector())
                .containsEntry("app.kubernetes.io/component", "jobmanager").containsEntry("app.kubernetes.io/instance", p);
        PodDisruptionBudget budget = run.object(PodDisruptionBudget.class, p);
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/instance", p);
        NetworkPolicy policy = run.object(NetworkPolicy.class, p);
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/instance", p);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(admittedNamespaces(policy)).containsExactly("tributary-system");

        JsonNode source = run.topic(e.sourceTopic());
        assertThat(source.path("for").asText()).startsWith("Source " + e.namespace() + "/");
        assertThat(source.path("partitions").asInt()).isEqualTo(e.sourcePartitions());
        assertThat(source.path("replicationFactor").asInt()).isEqualTo(3);
        assertThat(YamlLoader.YAML.convertValue(source.path("config"), Map.class)).isEqualTo(e.sourceConfig());
        assertThat(source.path("deletionPolicy").asText()).isEqualTo("Retain");
        JsonNode deadLetter = run.topic(e.deadLetterTopic());
        assertThat(deadLetter.path("for").asText()).isEqualTo("dead letters of Pipeline " + e.namespace() + "/" + p);
        assertThat(deadLetter.path("partitions").asInt()).isEqualTo(3);

        assertNoSecretValues(run);
    }

    @Test
    void kafkaSinksGetTheirTopicsListedOtherSinksNone() {
        Run run = render("--no-sql", sample("iot-sensors").toString());

        assertThat(run.topics()).extracting(t -> t.path("topic").asText()).containsExactly("plant.sensor-readings",
                "plant.machine-stats-1m", "plant.machine-health.dlq");
        assertThat(run.topic("plant.machine-stats-1m").path("for").asText()).isEqualTo("Sink plant/machine-stats");
        assertThat(run.topic("plant.machine-health.dlq").path("replicationFactor").asText()).isEqualTo("broker default");
        assertThat(run.out()).doesNotContain("# Not rendered");
        assertThat(run.objects()).filteredOn(o -> "tributary-dashboard".equals(o.getMetadata().getLabels()
                        .get("app.kubernetes.io/name")))
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactly("ConfigMap/plant-grafana", "PrometheusRule/plant-alerts", "PodMonitor/plant-pipelines");
        ConfigMap dashboard = run.object(ConfigMap.class, "plant-grafana");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Plant");
        assertThat(dashboard.getData().get("plant-plant.json")).contains("\"title\" : \"Plant machine health\"",
                "\"query\" : \"machine-health\"");
        assertThat(run.out()).contains("# PrometheusRule plant-alerts, of Dashboard plant/plant",
                "TributaryPipelineLagHigh", "pipeline=\\\"machine-health\\\"");
    }

    @Test
    void operatorSettingsComeFromFlags() {
        Run run = render("--no-sql", "--image", "registry.example/runtime:1.2", "--bootstrap-servers=kafka-0:9093",
                "--security-protocol", "SASL_SSL", "--sasl-mechanism", "PLAIN", "--credentials-secret", "shop/kafka-user",
                "--ca-certificate", "shop/kafka-ca/ca.crt", "--operator-namespace", "platform", "--metrics-namespaces", "monitoring", sample("clickstream").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Deployment taskManager = run.object(Deployment.class, "sessionize-taskmanager");
        assertThat(taskManager.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example/runtime:1.2");
        PipelinePlan plan = PlanCodec.fromJson(run.object(ConfigMap.class, "sessionize-plan").getData()
                .get(PlanCodec.CONFIG_MAP_KEY));
        assertThat(plan.kafka().bootstrapServers()).isEqualTo("kafka-0:9093");
        assertThat(plan.kafka().properties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN");
        assertThat(plan.kafka().saslCredentials().secretName()).isEqualTo("kafka-user");
        assertThat(plan.kafka().caCertificate()).isEqualTo(new dev.tributary.api.plan.SecretKeyPlan("kafka-ca", "ca.crt"));
        assertThat(taskManager.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getSecret() != null)
                .extracting(v -> v.getSecret().getSecretName()).containsExactly("kafka-ca", "kafka-user");
        assertThat(admittedNamespaces(run.object(NetworkPolicy.class, "sessionize")))
                .contains("platform", "monitoring").doesNotContain("tributary-system");
        assertThat(run.out()).contains("# image registry.example/runtime:1.2, Kafka kafka-0:9093 (SASL_SSL PLAIN)");
        assertNoSecretValues(run);
    }

    @Test
    void aPipelineThatKnowsItsUidOwnsItsChildrenByIt(@TempDir Path dir) throws IOException {
        String uid = "6f1c2a4e-8d1b-4a57-9a36-1e0f1f2b3c4d";
        Files.writeString(dir.resolve("clickstream.yaml"), Files.readString(sample("clickstream")
                .resolve("clickstream.yaml")).replace("  name: sessionize\n", "  name: sessionize\n  uid: " + uid + "\n"));

        Run run = render("--no-sql", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.pipelineObjects()).hasSize(7).filteredOn(o -> !(o instanceof PersistentVolumeClaim))
                .hasSize(6).allSatisfy(o -> assertThat(o.getMetadata().getOwnerReferences())
                        .singleElement().satisfies(owner -> assertThat(owner.getUid()).isEqualTo(uid)));
    }

    @Test
    void aSourceWithIngestGetsItsEndpointRendered() {
        Run run = render("--no-sql", sample("iot-sensors").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.objects()).filteredOn(o -> "tributary-ingest".equals(o.getMetadata().getLabels()
                        .get("app.kubernetes.io/name")))
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactly("Deployment/readings-ingest", "Service/readings-ingest",
                        "PodDisruptionBudget/readings-ingest", "NetworkPolicy/readings-ingest");
        Deployment ingest = run.object(Deployment.class, "readings-ingest");
        assertThat(ingest.getSpec().getReplicas()).isEqualTo(2);
        assertThat(ingest.getSpec().getTemplate().getSpec().getVolumes()).extracting(v -> v.getSecret().getSecretName())
                .containsExactly("gateway-tokens");
        assertThat(run.out()).contains("# Deployment readings-ingest, of Source plant/readings");
    }

    @Test
    void theSameInputRendersByteForByteTheSame() {
        String[] all = {"--no-sql", sample("clickstream").toString(), sample("iot-sensors").toString(),
                sample("payment-fraud").toString()};
        String[] reversed = {"--no-sql", all[3], all[2], all[1]};

        Run first = render(all);
        Run second = render(all);
        Run otherOrder = render(reversed);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(otherOrder.afterFirstLine()).isEqualTo(first.afterFirstLine());
        assertThat(first.pipelineObjects()).hasSize(21);
        assertThat(first.objects()).as("with each sample Dashboard's ConfigMap, PodMonitor and rules, and the"
                + " ingest endpoint of iot-sensors").hasSize(34);
    }

    @Test
    void invalidInputRendersNothingAndSaysWhatValidateSays(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("clickstream.yaml"), Files.readString(sample("clickstream")
                .resolve("clickstream.yaml")).replace("partitions: 6, replicationFactor: 3}", "partitons: 6}")
                .replace("sources: [clicks]", "sources: [clickz]"));
        ValidateCorpusTest.Run validate = ValidateCorpusTest.validate("--no-sql", broken.toString());

        Run run = render("--no-sql", broken.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(validate.lines()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(validate.lines()).anySatisfy(l -> assertThat(l).contains("Pipeline/sessionize: spec.sources[0]"));
        assertThat(validate.lines()).anySatisfy(l -> assertThat(l).contains("spec.kafka.topic.partitons: unknown field"));
        assertThat(run.err().lines()).containsSubsequence(validate.lines());
        assertThat(run.err()).contains(validate.lines().size() + " problems found; nothing rendered");
    }

    @Test
    void theOperatorDashboardIsPrintedAsTheChartShipsIt() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Tributary.run(new String[] {"render", "--operator-dashboard"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).isEqualTo(java.nio.file.Files.readString(Path.of(System.getProperty("tributary.repo",
                "..")).resolve(dev.tributary.operator.dashboard.build.OperatorDashboard.CHART_FILE)));
        assertThat(render("--operator-dashboard", "samples").err()).contains("--operator-dashboard takes no other");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(render("--security-protocol", "TLS", "x").exitCode()).isEqualTo(2);
        assertThat(render("--security-protocol", "TLS", "x").err())
                .contains("--security-protocol 'TLS' is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
        assertThat(render("--credentials-secret", "just-a-name", "x").err()).contains("must be namespace/name");
        assertThat(render("--ca-certificate", "shop/kafka-ca", "x").err()).contains("must be namespace/name/key");
        assertThat(render("--image").err()).contains("option --image needs a value");
        assertThat(render("--frobnicate", "x").exitCode()).isEqualTo(2);
        assertThat(render().err()).contains("name at least one file or directory");
    }

    /** The namespaces a NetworkPolicy lets in by name. */
    static List<String> admittedNamespaces(NetworkPolicy policy) {
        return policy.getSpec().getIngress().stream().flatMap(r -> r.getFrom().stream())
                .filter(peer -> peer.getNamespaceSelector() != null)
                .map(peer -> peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")).toList();
    }

    /** The restricted Pod Security Standard, as the API server's admission checks it. */
    static void assertRestricted(PodSpec pod) {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getHostPath()).isNull());
        for (Container c : pod.getContainers()) {
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
            assertThat(c.getSecurityContext().getRunAsUser()).isNotZero();
        }
    }

    /** Only references to Secrets: no Secret object, no secret data, no credentials as literal environment values. */
    static void assertNoSecretValues(Run run) {
        assertThat(run.objects()).noneSatisfy(o -> assertThat(o.getKind()).isEqualTo("Secret"));
        for (Deployment d : run.objects().stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .toList()) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                assertThat(c.getEnv()).allSatisfy(env -> {
                    if (env.getName().matches("(?i).*(password|secret|token|key).*") && env.getValueFrom() == null) {
                        assertThat(env.getValue()).as(env.getName()).doesNotContainPattern("(?i)password|secret=");
                    }
                    assertThat(env.getValueFrom() == null || env.getValueFrom().getSecretKeyRef() == null)
                            .as("credentials are mounted as files, not passed in the environment").isTrue();
                });
            }
        }
        assertThat(run.out()).doesNotContainPattern("(?m)^\\s*(password|sasl\\.jaas\\.config|stringData):");
    }

    /** The SQL of one Pipeline as the sample file writes it. */
    static String sqlOf(Path sample, String pipeline) throws IOException {
        YamlLoader loader = new YamlLoader();
        loader.load(sample);
        return loader.documents().stream().filter(d -> "Pipeline".equals(d.kind()) && pipeline.equals(d.name()))
                .findFirst().orElseThrow().tree().path("spec").path("sql").asText();
    }
}
