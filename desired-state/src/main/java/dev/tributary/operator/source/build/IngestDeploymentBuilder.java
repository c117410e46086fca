package dev.tributary.operator.source.build;

import dev.tributary.api.plan.IngestPlan;
import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.pipeline.build.PipelineDeploymentSettings;
import dev.tributary.operator.pipeline.build.PodTemplates;
import dev.tributary.operator.pipeline.build.SecretMounts;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ingest pods: the runtime image (it holds the decoders the endpoint checks records with) running
 * {@code IngestMain}, with the plan in an environment variable (a change rolls the pods), restricted security,
 * probes on the management port, the Secrets it reads mounted read-only, and memory sized above the in-flight bound.
 */
final class IngestDeploymentBuilder {

    static final String MAIN_CLASS = "dev.tributary.runtime.ingest.IngestMain";
    static final long BASE_MEMORY_BYTES = 256L * 1024 * 1024;
    private static final int SECRET_FILE_MODE = 0440;

    private IngestDeploymentBuilder() {
    }

    static Deployment build(Source source, IngestPlan plan, PipelineDeploymentSettings settings) {
        // request bodies and the producer's copy of their records, each bounded by maxInFlightBytes, above the JVM
        long memory = BASE_MEMORY_BYTES + 2L * plan.maxInFlightBytes();
        ContainerBuilder container = new ContainerBuilder()
                .withName("ingest")
                .withImage(settings.defaultImage())
                .withImagePullPolicy("IfNotPresent")
                .withCommand("java", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=75", "-cp",
                        PodTemplates.LIB_CLASSPATH, MAIN_CLASS)
                .withEnv(new EnvVar(IngestPlan.ENV, plan.toJson(), null),
                        new EnvVar("TRIBUTARY_SECRETS_DIR", PodTemplates.SECRETS_DIR, null))
                .addNewPort().withName("http").withContainerPort(IngestChildren.PORT).withProtocol("TCP").endPort()
                .addNewPort().withName("metrics").withContainerPort(IngestChildren.MANAGEMENT_PORT)
                .withProtocol("TCP").endPort()
                .withReadinessProbe(probe("/readyz", 5, 3))
                .withLivenessProbe(probe("/healthz", 10, 6))
                .withNewResources()
                .withRequests(new TreeMap<>(Map.of("cpu", new Quantity("250m"),
                        "memory", new Quantity(Long.toString(memory)))))
                .withLimits(new TreeMap<>(Map.of("memory", new Quantity(Long.toString(memory)))))
                .endResources()
                .withSecurityContext(PodTemplates.containerSecurityContext())
                .withVolumeMounts(mounts(plan));
        return new DeploymentBuilder()
                .withMetadata(IngestChildren.metadata(source))
                .withNewSpec()
                .withReplicas(source.getSpec().ingest.http.replicasOrDefault())
                .withNewSelector().withMatchLabels(IngestChildren.selector(source)).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0)).withMaxSurge(new IntOrString(1)).endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata().withLabels(IngestChildren.labels(source)).endMetadata()
                .withNewSpec()
                .withServiceAccountName(settings.serviceAccountName())
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withTerminationGracePeriodSeconds(30L)
                .withSecurityContext(PodTemplates.podSecurityContext())
                .withContainers(container.build())
                .withVolumes(volumes(plan))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Probe probe(String path, int period, int failures) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString("metrics")).endHttpGet()
                .withPeriodSeconds(period).withFailureThreshold(failures).withTimeoutSeconds(3).build();
    }

    /** Secret name to the keys the endpoint reads: its tokens, its certificate, Kafka's credentials and CA. */
    static SortedMap<String, SortedSet<String>> secretKeys(IngestPlan plan) {
        SortedMap<String, SortedSet<String>> keys = new TreeMap<>();
        if (plan.tokens() != null) {
            keys.computeIfAbsent(plan.tokens().secretName(), s -> new TreeSet<>()).add(plan.tokens().key());
        }
        if (plan.tlsSecret() != null) {
            keys.computeIfAbsent(plan.tlsSecret(), s -> new TreeSet<>())
                    .addAll(List.of(IngestPlan.TLS_CERT_KEY, IngestPlan.TLS_KEY_KEY));
        }
        KafkaConnectionPlan kafka = plan.kafka();
        if (kafka != null && kafka.saslCredentials() != null) {
            keys.computeIfAbsent(kafka.saslCredentials().secretName(), s -> new TreeSet<>())
                    .addAll(List.of(kafka.saslCredentials().usernameKey(), kafka.saslCredentials().passwordKey()));
        }
        if (kafka != null && kafka.caCertificate() != null) {
            keys.computeIfAbsent(kafka.caCertificate().secretName(), s -> new TreeSet<>())
                    .add(kafka.caCertificate().key());
        }
        return keys;
    }

    private static List<Volume> volumes(IngestPlan plan) {
        List<Volume> volumes = new ArrayList<>();
        secretKeys(plan).forEach((secret, keys) -> volumes.add(new VolumeBuilder()
                .withName(SecretMounts.volumeName(secret))
                .withNewSecret().withSecretName(secret).withDefaultMode(SECRET_FILE_MODE)
                .withItems(keys.stream().map(k -> new KeyToPathBuilder().withKey(k).withPath(k).build()).toList())
                .endSecret()
                .build()));
        return volumes;
    }

    private static List<VolumeMount> mounts(IngestPlan plan) {
        List<VolumeMount> mounts = new ArrayList<>();
        secretKeys(plan).keySet().forEach(secret -> mounts.add(new VolumeMountBuilder()
                .withName(SecretMounts.volumeName(secret))
                .withMountPath(PodTemplates.SECRETS_DIR + "/" + secret).withReadOnly(true).build()));
        return mounts;
    }
}
