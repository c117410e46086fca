package dev.tributary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.e2e.cluster.ReadyCondition;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.local.KafkaBroker;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Pipelines become their Flink application clusters' Kubernetes objects: the operator runs as its own process
 * against the real control plane (PodSecurity admission, scheduler, garbage collector, kwok node) and a real KRaft
 * broker; resources go in with kubectl. The runtime image does not exist: kwok runs the pods regardless.
 */
@ClusterTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineOperatorE2E {

    private static final Duration RESYNC = Duration.ofSeconds(3);
    /** Generous: a new Pipeline first waits for Flink's planner to check its SQL (slow when eight builds share 2 cores). */
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final String IMAGE = "registry.invalid/tributary/pipeline-runtime:e2e";
    private static final String NS = "pipelines-deploy";
    private static final List<String> CHILD_RESOURCES = List.of("configmaps", "deployments", "services",
            "persistentvolumeclaims", "poddisruptionbudgets", "networkpolicies", "pipelines", "events");

    @RegisterExtension
    static final OperatorSuite suite = new OperatorSuite("pipeline-operator-e2e");
    private static TestCluster cluster;
    private static KafkaBroker kafka;
    private static Admin admin;
    private static OperatorProcess operator;

    @BeforeAll
    static void start() {
        cluster = suite.cluster();
        kafka = suite.kafka();
        admin = suite.admin();
        operator = suite.operator(Map.of(
                "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "TRIBUTARY_RESYNC_PERIOD", RESYNC.toSeconds() + "s",
                "TRIBUTARY_PIPELINE_IMAGE", IMAGE));
    }

    @Test
    @Order(1) // 1 to 4 are one sequence: 2 to 4 act on the Pipeline 1 creates; the rest are independent
    void aPipelineBecomesItsChildrenAndItsPodsRunUnderTheRestrictedPodSecurityStandard() throws Exception {
        namespace(NS, true);
        // No provisioner here: a static volume of the Pipeline's storage class lets the checkpoint claim bind.
        client().persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata()
                .withName("pipelines-deploy-checkpoints").endMetadata().withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("2Gi"))).withAccessModes("ReadWriteOnce")
                .withStorageClassName("e2e-static").withNewHostPath().withPath("/tmp/tributary-e2e").endHostPath()
                .endSpec().build()).serverSideApply();
        apply(NS, source("clicks") + sink("clicks-out") + pipeline("copy", "clicks", "clicks-out",
                "checkpoints: {storage: {volume: {size: 2Gi, storageClassName: e2e-static}}}\n"
                        + "  parallelism: {initial: 2, min: 1, max: 4}"));
        // kwok runs no containers, so no Flink answers: the operator says so instead of claiming the job runs.
        String unreachable = awaitReady(NS, "copy", "False", "JobManagerUnreachable");
        assertThat(unreachable).contains("copy-jobmanager." + NS + ".svc");
        assertThat(phase(NS, "copy")).isEqualTo("Deploying");
        Pipeline pipeline = client().resources(Pipeline.class).inNamespace(NS).withName("copy").get();
        assertThat(pipeline.getStatus().observedGeneration).isEqualTo(pipeline.getMetadata().getGeneration());
        assertThat(pipeline.getStatus().planHash).matches("[0-9a-f]+");
        assertThat(pipeline.getStatus().parallelism).isEqualTo(2);
        assertThat(pipeline.getStatus().selector).isEqualTo("app.kubernetes.io/component=taskmanager,"
                + "app.kubernetes.io/instance=copy,app.kubernetes.io/name=tributary-pipeline");
        assertThat(pipeline.getStatus().condition("Deployed")).get().satisfies(c -> assertThat(c.status).isEqualTo("True"));

        ConfigMap planMap = client().configMaps().inNamespace(NS).withName("copy-plan").get();
        PipelinePlan plan = PlanCodec.fromJson(planMap.getData().get(PlanCodec.CONFIG_MAP_KEY));
        assertThat(plan.sources()).singleElement().satisfies(s -> assertThat(s.topic()).isEqualTo(NS + ".clicks"));
        assertThat(plan.kafka().bootstrapServers()).isEqualTo(kafka.bootstrapServers());
        assertThat(PlanCodec.hash(plan)).isEqualTo(pipeline.getStatus().planHash);
        assertThat(planMap.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(pipeline.getMetadata().getUid()));

        PersistentVolumeClaim pvc = client().persistentVolumeClaims().inNamespace(NS).withName("copy-checkpoints").get();
        assertThat(pvc.getSpec().getResources().getRequests().get("storage")).isEqualTo(new Quantity("2Gi"));
        assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");

        Deployment jm = client().apps().deployments().inNamespace(NS).withName("copy-jobmanager").get();
        Container jmContainer = jm.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(jm.getSpec().getReplicas()).isEqualTo(1);
        assertThat(jmContainer.getImage()).isEqualTo(IMAGE);
        assertThat(jmContainer.getArgs()).containsSequence("--plan", "/etc/tributary/plan");
        assertThat(client().services().inNamespace(NS).withName("copy-jobmanager").get().getSpec().getPorts())
                .extracting(p -> p.getName()).contains("rpc", "rest");

        Deployment tm = client().apps().deployments().inNamespace(NS).withName("copy-taskmanager").get();
        Container tmContainer = tm.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(tm.getSpec().getReplicas()).as("initial 2 / 1 slot").isEqualTo(2);
        assertThat(tmContainer.getImage()).isEqualTo(IMAGE);
        assertThat(tmContainer.getArgs()).contains("-Djobmanager.rpc.address=copy-jobmanager",
                "-Dtaskmanager.numberOfTaskSlots=1");

        PodDisruptionBudget pdb = client().policy().v1().podDisruptionBudget().inNamespace(NS).withName("copy").get();
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        NetworkPolicy policy = client().network().v1().networkPolicies().inNamespace(NS).withName("copy").get();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/instance", "copy");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            List<Pod> pods = client().pods().inNamespace(NS).withLabel("app.kubernetes.io/instance", "copy").list()
                    .getItems();
            assertThat(pods).hasSize(3).allSatisfy(pod -> {
                assertThat(pod.getSpec().getNodeName()).isEqualTo("kwok-node-0");
                assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            });
        });
        await().atMost(TIMEOUT).until(() -> Integer.valueOf(2).equals(
                client().resources(Pipeline.class).inNamespace(NS).withName("copy").get().getStatus().replicas));
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).as("dead-letter topic")
                .contains(NS + ".copy.dlq");
        assertThat(cluster.kubectl("get", "events", "-n", NS, "--field-selector", "reason=Created", "-o",
                "jsonpath={.items[*].message}").stdout()).as("an event naming the children created")
                .contains("ConfigMap ", "Service ", "Deployment ", "PodDisruptionBudget ", "NetworkPolicy ");
    }

    @Test
    @Order(2)
    void aResyncThatChangesNothingWritesNothing() throws Exception {
        awaitReady(NS, "copy", "False", "JobManagerUnreachable");
        Thread.sleep(RESYNC.multipliedBy(2).toMillis()); // let the last status writes and events settle
        Map<String, Double> before = apiWrites();
        assertThat(before).as("the counters see the operator's own writes").containsKeys("deployments APPLY",
                "pipelines/status APPLY");
        long measuredMillis = RESYNC.multipliedBy(6).toMillis();
        Thread.sleep(measuredMillis);
        Map<String, Double> after = apiWrites();
        Map<String, Double> delta = after.entrySet().stream()
                .filter(e -> e.getValue() - before.getOrDefault(e.getKey(), 0.0) > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() - before.getOrDefault(e.getKey(), 0.0)));
        System.out.printf("[measure] 1 running Pipeline, %d resyncs of %ds: API writes %s%n",
                measuredMillis / RESYNC.toMillis(), RESYNC.toSeconds(), delta.isEmpty() ? "0" : delta);
        assertThat(delta).as("writes to the API server by resource and verb").isEmpty();
    }

    @Test
    @Order(3)
    void taskManagersScaledByHandArePutBack() {
        CommandResult scale = cluster.kubectl("scale", "deployment", "copy-taskmanager", "-n", NS, "--replicas=5");
        assertThat(scale.succeeded()).as(scale.describe()).isTrue();
        await().atMost(TIMEOUT).until(() -> Integer.valueOf(2).equals(
                client().apps().deployments().inNamespace(NS).withName("copy-taskmanager").get().getSpec().getReplicas()));
    }

    @Test
    @Order(4)
    void kubectlScaleOnThePipelineMovesItsTaskManagersThroughTheScaleSubresource() {
        CommandResult scale = cluster.kubectl("scale", "pipeline", "copy", "-n", NS, "--replicas=3");
        assertThat(scale.succeeded()).as(scale.describe()).isTrue();
        Pipeline scaled = client().resources(Pipeline.class).inNamespace(NS).withName("copy").get();
        assertThat(scaled.getSpec().replicas).as("the scale subresource writes spec.replicas").isEqualTo(3);
        await().atMost(TIMEOUT).until(() -> Integer.valueOf(3).equals(client().apps().deployments().inNamespace(NS)
                .withName("copy-taskmanager").get().getSpec().getReplicas()));
        await().atMost(TIMEOUT).alias("status.replicas, which the scale subresource (and HPA) reads, follows").until(
                () -> cluster.kubectl("get", "--raw", "/apis/tributary.dev/v1alpha1/namespaces/" + NS
                        + "/pipelines/copy/scale").stdout().contains("\"replicas\":3}"));
        CommandResult back = cluster.kubectl("scale", "pipeline", "copy", "-n", NS, "--replicas=2");
        assertThat(back.succeeded()).as(back.describe()).isTrue();
        await().atMost(TIMEOUT).until(() -> Integer.valueOf(2).equals(client().apps().deployments().inNamespace(NS)
                .withName("copy-taskmanager").get().getSpec().getReplicas()));
    }

    @Test
    void aMissingSourceIsReportedAndThePipelineRecoversWhenItAppears() throws Exception {
        String ns = "pipelines-missing";
        namespace(ns, false);
        apply(ns, sink("out") + pipeline("late", "events", "out", "checkpoints: {storage: {objectStore: {uri: s3://bucket/ckpt}}}"));
        String message = awaitReady(ns, "late", "False", "SourceNotFound");
        assertThat(message).contains("Source events does not exist in namespace " + ns);
        assertThat(phase(ns, "late")).isEqualTo("Pending");
        assertThat(client().apps().deployments().inNamespace(ns).list().getItems()).as("nothing deployed").isEmpty();
        apply(ns, source("events"));
        await().atMost(TIMEOUT).until(() -> List.of("Deploying", "Running").contains(String.valueOf(phase(ns, "late"))));
        assertThat(client().apps().deployments().inNamespace(ns).withName("late-jobmanager").get()).isNotNull();
    }

    @Test
    void deletingAPipelineGarbageCollectsItsChildren() throws Exception {
        String ns = "pipelines-delete";
        namespace(ns, false);
        apply(ns, source("in") + sink("out") + pipeline("gone", "in", "out",
                "checkpoints: {storage: {objectStore: {uri: s3://bucket/ckpt}}}"));
        await().atMost(TIMEOUT).until(() -> List.of("Deploying", "Running").contains(String.valueOf(phase(ns, "gone"))));
        await().atMost(TIMEOUT).until(() -> children(ns).size() == 6);
        CommandResult delete = cluster.kubectl("delete", "pipeline", "gone", "-n", ns, "--wait=true");
        assertThat(delete.succeeded()).as(delete.describe()).isTrue();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(children(ns)).isEmpty());
    }

    @Test
    void byDefaultTheCheckpointVolumeOutlivesThePipelineAndIsReusedWhenItComesBack() throws Exception {
        String ns = "pipelines-retain";
        namespace(ns, false);
        staticVolume("pipelines-retain-checkpoints", "e2e-retain");
        String keep = pipeline("keep", "in", "out", "checkpoints: {storage: {volume: {size: 1Gi, storageClassName: e2e-retain}}}");
        apply(ns, source("in") + sink("out") + keep);
        PersistentVolumeClaim first = awaitBound(ns, "keep-checkpoints");
        assertThat(first.getMetadata().getOwnerReferences()).as("nothing for the garbage collector to follow").isEmpty();
        assertThat(first.getMetadata().getAnnotations()).containsEntry("tributary.dev/pipeline", "keep");
        await().atMost(TIMEOUT).until(() -> children(ns).size() == 7);

        CommandResult delete = cluster.kubectl("delete", "pipeline", "keep", "-n", ns, "--wait=true");
        assertThat(delete.succeeded()).as(delete.describe()).isTrue();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(children(ns))
                .containsExactly("persistentvolumeclaim/keep-checkpoints"));
        PersistentVolumeClaim kept = client().persistentVolumeClaims().inNamespace(ns).withName("keep-checkpoints").get();
        assertThat(kept.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
        assertThat(kept.getMetadata().getDeletionTimestamp()).isNull();

        // Creation times have whole seconds: a Pipeline created again within the second its volume was created
        // cannot be told from one whose volume it made itself (on a fast machine all of this takes under a second).
        java.time.Instant volumeCreated = java.time.Instant.parse(first.getMetadata().getCreationTimestamp());
        while (!java.time.Instant.now().isAfter(volumeCreated.plusSeconds(1))) {
            Thread.sleep(100);
        }
        apply(ns, keep);
        await().atMost(TIMEOUT).until(() -> children(ns).size() == 7);
        Pipeline again = client().resources(Pipeline.class).inNamespace(ns).withName("keep").get();
        PersistentVolumeClaim reused = awaitBound(ns, "keep-checkpoints");
        assertThat(reused.getMetadata().getUid()).as("the same claim").isEqualTo(first.getMetadata().getUid());
        assertThat(reused.getSpec().getVolumeName()).as("bound to the same volume").isEqualTo(first.getSpec().getVolumeName());
        assertThat(reused.getMetadata().getOwnerReferences()).isEmpty();
        Deployment jobManager = client().apps().deployments().inNamespace(ns).withName("keep-jobmanager").get();
        assertThat(jobManager.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(again.getMetadata().getUid()));
        assertThat(jobManager.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getPersistentVolumeClaim() != null).singleElement()
                .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("keep-checkpoints"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(cluster.kubectl("get", "events", "-n", ns, "-o",
                "jsonpath={.items[*].message}", "--field-selector", "reason=CheckpointVolumeReused,involvedObject.uid="
                        + again.getMetadata().getUid()).stdout())
                .contains("keep-checkpoints retained from an earlier Pipeline named keep", "starts without state"));
    }

    @Test
    void withDeletionPolicyDeleteTheCheckpointVolumeGoesWithThePipeline() throws Exception {
        String ns = "pipelines-volume-delete";
        namespace(ns, false);
        staticVolume("pipelines-volume-delete-checkpoints", "e2e-delete");
        apply(ns, source("in") + sink("out") + pipeline("drop", "in", "out",
                "checkpoints: {storage: {volume: {size: 1Gi, storageClassName: e2e-delete, deletionPolicy: Delete}}}"));
        PersistentVolumeClaim claim = awaitBound(ns, "drop-checkpoints");
        Pipeline pipeline = client().resources(Pipeline.class).inNamespace(ns).withName("drop").get();
        assertThat(claim.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(pipeline.getMetadata().getUid()));
        CommandResult delete = cluster.kubectl("delete", "pipeline", "drop", "-n", ns, "--wait=true");
        assertThat(delete.succeeded()).as(delete.describe()).isTrue();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(children(ns)).isEmpty();
            assertThat(client().persistentVolumeClaims().inNamespace(ns).withName("drop-checkpoints").get()).isNull();
        });
    }

    @Test
    void aVolumeOwnedTheOldWayLosesItsOwnerUnderRetainAndThePolicyCanBeChangedBothWays() throws Exception {
        String ns = "pipelines-volume-legacy";
        namespace(ns, false);
        String storage = "checkpoints: {storage: {volume: {size: 1Gi, storageClassName: e2e-legacy}}}";
        // Its Source is missing, so the operator deploys nothing yet: the claim below is what an older version left.
        apply(ns, sink("out") + pipeline("legacy", "in", "out", storage));
        awaitReady(ns, "legacy", "False", "SourceNotFound");
        Pipeline pipeline = client().resources(Pipeline.class).inNamespace(ns).withName("legacy").get();
        client().persistentVolumeClaims().resource(new PersistentVolumeClaimBuilder().withNewMetadata()
                .withName("legacy-checkpoints").withNamespace(ns)
                .withLabels(Map.of("app.kubernetes.io/name", "tributary-pipeline", "app.kubernetes.io/instance", "legacy",
                        "app.kubernetes.io/managed-by", "tributary-operator", "app.kubernetes.io/part-of", "tributary"))
                .withAnnotations(Map.of("tributary.dev/desired-hash", "0123456789abcdef0123456789abcdef"))
                .addNewOwnerReference().withApiVersion("tributary.dev/v1alpha1").withKind("Pipeline").withName("legacy")
                .withUid(pipeline.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true)
                .endOwnerReference().endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
                .withStorageClassName("e2e-legacy").withNewResources().withRequests(Map.of("storage", new Quantity("1Gi")))
                .endResources().endSpec().build()).fieldManager("tributary-operator").forceConflicts().serverSideApply();

        apply(ns, source("in"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(volumeOwners(ns, "legacy-checkpoints"))
                .as("Retain (default): the owner reference is removed").isEmpty());

        apply(ns, pipeline("legacy", "in", "out", storage.replace("e2e-legacy", "e2e-legacy, deletionPolicy: Delete")));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(volumeOwners(ns, "legacy-checkpoints"))
                .containsExactly(pipeline.getMetadata().getUid()));

        apply(ns, pipeline("legacy", "in", "out", storage.replace("e2e-legacy", "e2e-legacy, deletionPolicy: Retain")));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(volumeOwners(ns, "legacy-checkpoints")).isEmpty());
        CommandResult delete = cluster.kubectl("delete", "pipeline", "legacy", "-n", ns, "--wait=true");
        assertThat(delete.succeeded()).as(delete.describe()).isTrue();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(children(ns))
                .containsExactly("persistentvolumeclaim/legacy-checkpoints"));
    }

    // --- helpers ---

    /** A static volume of its own storage class: no provisioner runs here, and a claim of that class binds to it. */
    @Test
    void autoscalingWithInputsItCannotUseSaysSoInAScalingConditionAndKeepsItsTaskManagers() {
        String ns = "pipelines-autoscale-input";
        namespace(ns, false);
        String twoPartitions = source("narrow").replace("partitions: 4", "partitions: 2");
        String objectStore = "checkpoints: {storage: {objectStore: {uri: s3://bucket/ckpt}}}";
        apply(ns, twoPartitions + source("clicks") + sink("out") + sink("out-2")
                + pipeline("wide", "narrow", "out", objectStore + "\n  parallelism: {initial: 4, min: 4, max: 4}"
                        + "\n  autoscaling: {enabled: true}")
                + pipeline("blind", "clicks", "out-2", objectStore + "\n  parallelism: {initial: 2, min: 1, max: 4}"
                        + "\n  autoscaling: {enabled: true}"));
        // kwok runs no Flink: neither Pipeline's JobManager answers
        String wide = awaitScaling(ns, "wide", "False", "MinAbovePartitions");
        assertThat(wide).contains("parallelism.min 4 asks for more readers than the 2 partitions of " + ns + ".narrow");
        String blind = awaitScaling(ns, "blind", "False", "FlinkUnreachable");
        assertThat(blind).contains("Flink's REST API gives no load figures").contains("keeping 2 TaskManager(s)");
        Pipeline blindPipeline = client().resources(Pipeline.class).inNamespace(ns).withName("blind").get();
        assertThat(blindPipeline.getStatus().autoscaler.desiredReplicas).isEqualTo(2);
        assertThat(client().apps().deployments().inNamespace(ns).withName("wide-taskmanager").get().getSpec()
                .getReplicas()).as("never 0, never above the partitions").isEqualTo(2);
        assertThat(client().apps().deployments().inNamespace(ns).withName("blind-taskmanager").get().getSpec()
                .getReplicas()).isEqualTo(2);
        assertThat(cluster.kubectl("get", "events", "-n", ns, "-o", "name", "--field-selector",
                "reason=FlinkUnreachable").stdout().lines().count()).as("one warning per change, not per poll")
                .isEqualTo(1);
        assertThat(operator.alive()).as("no crash loop").isTrue();
    }

    @Test
    void autoscalingOnASourceTopicThatDoesNotExistYetSaysSoAndStartsWhenItAppears() throws Exception {
        String ns = "pipelines-autoscale-topic";
        namespace(ns, false);
        String topic = ns + ".later";
        String external = source("later").replace("topic: {partitions: 4}", "topic: {name: " + topic
                + ", external: true}");
        apply(ns, external + sink("out") + pipeline("waiting", "later", "out",
                "checkpoints: {storage: {objectStore: {uri: s3://bucket/ckpt}}}"
                        + "\n  parallelism: {initial: 2, min: 1, max: 4}\n  autoscaling: {enabled: true}"));
        String missing = awaitScaling(ns, "waiting", "False", "SourceTopicMissing");
        assertThat(missing).contains("Source later waits for its topic").contains("external topic " + topic
                + " does not exist in Kafka");
        assertThat(awaitReady(ns, "waiting", "False", "SourceNotReady")).contains("TopicNotFound");
        assertThat(client().apps().deployments().inNamespace(ns).list().getItems())
                .as("nothing deployed, so nothing scaled to 0").isEmpty();

        admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
        // kwok runs no Flink: once deployed, the autoscaler waits for the JobManager's REST API
        String unreachable = awaitScaling(ns, "waiting", "False", "FlinkUnreachable");
        assertThat(unreachable).contains("keeping 2 TaskManager(s)");
        assertThat(client().apps().deployments().inNamespace(ns).withName("waiting-taskmanager").get().getSpec()
                .getReplicas()).isEqualTo(2);
        assertThat(operator.alive()).as("no crash loop").isTrue();
    }

    @Test
    void aRealHorizontalPodAutoscalerMovesTheTaskManagersThroughTheScaleSubresource() throws Exception {
        String ns = "pipelines-hpa";
        namespace(ns, false);
        apply(ns, source("load") + sink("scaled-out") + pipeline("hpa", "load", "scaled-out",
                "checkpoints: {storage: {objectStore: {uri: s3://bucket/ckpt}}}\n  parallelism: {initial: 1, min: 1,"
                        + " max: 4}\n  replicas: 1")); // the scale subresource cannot read an absent spec.replicas
        await().atMost(TIMEOUT).alias("status.selector, which the HPA needs").until(() -> {
            Pipeline p = client().resources(Pipeline.class).inNamespace(ns).withName("hpa").get();
            return p != null && p.getStatus() != null && p.getStatus().selector != null
                    && Integer.valueOf(1).equals(p.getStatus().replicas);
        });
        try (CustomMetricsApi metrics = CustomMetricsApi.start(Clusters.workDir().resolve("custom-metrics"))) {
            metrics.set(ns, "pipelines.tributary.dev", "hpa", "backlog", 300);
            cluster.apply(null, metrics.registration());
            // the controller-manager's HPA controller; 100 of backlog per TaskManager, so 300 asks for 3
            apply(ns, """
                    apiVersion: autoscaling/v2
                    kind: HorizontalPodAutoscaler
                    metadata: {name: hpa}
                    spec:
                      scaleTargetRef: {apiVersion: tributary.dev/v1alpha1, kind: Pipeline, name: hpa}
                      minReplicas: 1
                      maxReplicas: 4
                      metrics:
                        - type: Object
                          object:
                            describedObject: {apiVersion: tributary.dev/v1alpha1, kind: Pipeline, name: hpa}
                            metric: {name: backlog}
                            target: {type: AverageValue, averageValue: "100"}
                      behavior: {scaleDown: {stabilizationWindowSeconds: 0}}
                    """);
            String[] hpa = new String[1];
            await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).alias("the HPA scales the Pipeline to 3")
                    .until(() -> {
                        hpa[0] = cluster.kubectl("get", "hpa", "hpa", "-n", ns, "-o", "jsonpath={.status}").stdout();
                        return Integer.valueOf(3).equals(client().resources(Pipeline.class).inNamespace(ns)
                                .withName("hpa").get().getSpec().replicas);
                    });
            System.out.printf("[measure] HPA status: %s; metric reads through the aggregator: %d%n", hpa[0],
                    metrics.metricReads());
            assertThat(metrics.metricReads()).as("the HPA read the metric through the aggregator").isPositive();
            await().atMost(TIMEOUT).alias("the TaskManager Deployment follows spec.replicas").until(() ->
                    Integer.valueOf(3).equals(client().apps().deployments().inNamespace(ns)
                            .withName("hpa-taskmanager").get().getSpec().getReplicas()));

            metrics.set(ns, "pipelines.tributary.dev", "hpa", "backlog", 100);
            await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).alias("the HPA scales back to 1").until(() ->
                    Integer.valueOf(1).equals(client().apps().deployments().inNamespace(ns)
                            .withName("hpa-taskmanager").get().getSpec().getReplicas()));
        } finally {
            cluster.kubectl("delete", "apiservice", "v1beta2.custom.metrics.k8s.io", "--ignore-not-found");
            cluster.kubectl("delete", "hpa", "hpa", "-n", ns, "--ignore-not-found");
        }
    }

    /** Waits for the Scaling condition to have this status and reason; returns its message. */
    private static String awaitScaling(String ns, String name, String status, String reason) {
        String jsonPath = "{.status.conditions[?(@.type==\"Scaling\")].status}|{.status.conditions[?(@.type==\"Scaling\")].reason}"
                + "|{.status.conditions[?(@.type==\"Scaling\")].message}";
        String[] last = new String[1];
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).alias("pipeline " + ns + "/" + name
                + " Scaling=" + status + " " + reason).until(() -> {
            last[0] = cluster.kubectl("get", "pipeline", name, "-n", ns, "-o", "jsonpath=" + jsonPath).stdout();
            return last[0].startsWith(status + "|" + reason + "|");
        });
        return last[0].substring((status + "|" + reason + "|").length());
    }

    private static void staticVolume(String name, String storageClass) {
        client().persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withCapacity(Map.of("storage", new Quantity("1Gi"))).withAccessModes("ReadWriteOnce")
                .withStorageClassName(storageClass).withNewHostPath().withPath("/tmp/" + name).endHostPath()
                .endSpec().build()).serverSideApply();
    }

    private static PersistentVolumeClaim awaitBound(String ns, String name) {
        PersistentVolumeClaim[] claim = new PersistentVolumeClaim[1];
        await().atMost(TIMEOUT).alias(ns + "/" + name + " Bound").until(() -> {
            claim[0] = client().persistentVolumeClaims().inNamespace(ns).withName(name).get();
            return claim[0] != null && claim[0].getStatus() != null && "Bound".equals(claim[0].getStatus().getPhase());
        });
        return claim[0];
    }

    /** The uids of the claim's owners. */
    private static List<String> volumeOwners(String ns, String name) {
        return client().persistentVolumeClaims().inNamespace(ns).withName(name).get().getMetadata().getOwnerReferences()
                .stream().map(o -> o.getUid()).toList();
    }

    private static KubernetesClient client() {
        return cluster.client();
    }

    private static void namespace(String ns, boolean restricted) {
        NamespaceBuilder namespace = new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata();
        if (restricted) {
            namespace.editMetadata().addToLabels("pod-security.kubernetes.io/enforce", "restricted").endMetadata();
        }
        client().namespaces().resource(namespace.build()).serverSideApply();
    }

    private static String source(String name) {
        return "apiVersion: tributary.dev/v1alpha1\nkind: Source\nmetadata: {name: " + name + "}\nspec:\n"
                + "  topic: {partitions: 4}\n  format: json\n"
                + "  schema: {fields: [{name: user_id, type: STRING}, {name: url, type: STRING}]}\n---\n";
    }

    private static String sink(String name) {
        return "apiVersion: tributary.dev/v1alpha1\nkind: Sink\nmetadata: {name: " + name + "}\nspec:\n"
                + "  kafka: {topic: {partitions: 4}}\n---\n";
    }

    private static String pipeline(String name, String source, String sink, String moreSpec) {
        return "apiVersion: tributary.dev/v1alpha1\nkind: Pipeline\nmetadata: {name: " + name + "}\nspec:\n"
                + "  sources: [" + source + "]\n  sinks: [" + sink + "]\n"
                + "  sql: INSERT INTO `" + sink + "` SELECT user_id, url FROM `" + source + "`\n"
                + "  " + moreSpec + "\n---\n";
    }

    private static void apply(String ns, String yaml) {
        cluster.apply(ns, yaml);
    }

    private static String phase(String ns, String name) {
        Pipeline pipeline = client().resources(Pipeline.class).inNamespace(ns).withName(name).get();
        return pipeline == null || pipeline.getStatus() == null || pipeline.getStatus().phase == null ? null
                : pipeline.getStatus().phase.name();
    }

    /** Waits for Ready to have this status and reason; returns its message. */
    private static String awaitReady(String ns, String name, String status, String reason) {
        return ReadyCondition.await(cluster, "pipeline", ns, name, status, reason, TIMEOUT);
    }

    /** The Pipeline's children in the namespace, as kind/name. */
    private static List<String> children(String ns) {
        CommandResult result = cluster.kubectl("get", "configmaps,services,deployments,persistentvolumeclaims,"
                + "poddisruptionbudgets,networkpolicies", "-n", ns, "-l", "app.kubernetes.io/managed-by=tributary-operator",
                "-o", "name");
        assertThat(result.succeeded()).as(result.describe()).isTrue();
        return result.stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    /** The API server's own count of write requests on the Pipeline's kinds and events, by resource and verb. */
    private static Map<String, Double> apiWrites() {
        return ApiWrites.on(client(), CHILD_RESOURCES);
    }
}
