package dev.tributary.operator.pipeline.build;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.ProcessResources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * What every pod of a Pipeline has in common: the restricted Pod Security Standard (non-root, no privilege
 * escalation, no capabilities, RuntimeDefault seccomp, read-only root filesystem with an emptyDir for /tmp), no
 * service-account token, the plan mounted from its ConfigMap, the checkpoint volume, the Secrets the plan names
 * mounted read-only key by key, and the plan's hash as an annotation so a new plan rolls the pods.
 */
public final class PodTemplates {

    /** The runtime image's non-root user and group. */
    public static final long RUNTIME_UID = 10001L;

    public static final String LIB_CLASSPATH = "/opt/tributary/lib/*";
    public static final String CONF_DIR = "/opt/tributary/conf";
    /** The image's launcher: sizes the JVM from Flink's memory settings, then runs the Flink process in its place. */
    public static final String FLINK_LAUNCHER = "/opt/tributary/bin/flink-java";
    public static final String PLAN_DIR = "/etc/tributary/plan";
    public static final String SECRETS_DIR = "/etc/tributary/secrets";
    public static final String STATE_DIR = "/tributary/state";
    /** The checkpoint volume as the plan names it; pass to {@code PlanResolver.resolve}. */
    public static final String STATE_DIRECTORY_URI = "file://" + STATE_DIR;
    public static final String TMP_DIR = "/tmp";

    static final String PLAN_VOLUME = "plan";
    static final String STATE_VOLUME = "checkpoints";
    static final String TMP_VOLUME = "tmp";

    /** Secret files are readable by the owner and the pod's group (fsGroup), nobody else. */
    private static final int SECRET_FILE_MODE = 0440;

    private PodTemplates() {
    }

    /**
     * {@code flink-java jobmanager|taskmanager <main class>}: the image's launcher (pipeline-runtime/src/main/docker)
     * runs the main class on the image's class path with the JVM limits Flink's memory model gives.
     */
    static List<String> flinkCommand(String role, String mainClass) {
        return List.of(FLINK_LAUNCHER, role, mainClass);
    }

    static PodTemplateSpec template(Pipeline pipeline, PipelinePlan plan, PipelineDeploymentSettings settings,
            String component, Container container, io.fabric8.kubernetes.api.model.Affinity affinity) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(PipelineLabels.of(pipeline, component))
                .withAnnotations(new TreeMap<>(Map.of(PipelineLabels.PLAN_HASH, PlanCodec.hash(plan))))
                .endMetadata()
                .withSpec(new PodSpecBuilder()
                        .withServiceAccountName(settings.serviceAccountName())
                        .withAutomountServiceAccountToken(false)
                        .withEnableServiceLinks(false)
                        .withSecurityContext(podSecurityContext())
                        .withAffinity(affinity)
                        .withContainers(container)
                        .withVolumes(volumes(pipeline, plan))
                        .build())
                .build();
    }

    public static PodSecurityContext podSecurityContext() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(RUNTIME_UID)
                .withRunAsGroup(RUNTIME_UID)
                .withFsGroup(RUNTIME_UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    public static SecurityContext containerSecurityContext() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(RUNTIME_UID)
                .withAllowPrivilegeEscalation(false)
                .withPrivileged(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    /** A container of the runtime image with everything but its command, arguments, ports and probes. */
    static ContainerBuilder container(String name, Pipeline pipeline, PipelinePlan plan,
            PipelineDeploymentSettings settings, ProcessResources resources, List<EnvVar> extraEnv) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName("POD_IP").withNewValueFrom().withNewFieldRef()
                .withFieldPath("status.podIP").endFieldRef().endValueFrom().build());
        env.add(new EnvVar("TRIBUTARY_SECRETS_DIR", SECRETS_DIR, null));
        env.addAll(extraEnv);
        return new ContainerBuilder()
                .withName(name)
                .withImage(settings.imageOf(pipeline))
                .withImagePullPolicy("IfNotPresent")
                .withEnv(env)
                .withResources(resources(resources))
                .withSecurityContext(containerSecurityContext())
                .withVolumeMounts(volumeMounts(pipeline, plan));
    }

    static ResourceRequirements resources(ProcessResources resources) {
        Map<String, Quantity> amounts = new TreeMap<>(Map.of(
                "cpu", new Quantity(FlinkSettings.cpu(resources)),
                "memory", new Quantity(FlinkSettings.memory(resources))));
        return new ResourceRequirementsBuilder().withRequests(amounts).withLimits(new TreeMap<>(amounts)).build();
    }

    static ContainerPort port(String name, int port) {
        return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol("TCP").build();
    }

    static List<Volume> volumes(Pipeline pipeline, PipelinePlan plan) {
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName(PLAN_VOLUME).withNewConfigMap()
                .withName(PipelineNames.planConfigMap(pipeline)).endConfigMap().build());
        volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
        if (CheckpointVolumeBuilder.volumeOf(pipeline).isPresent()) {
            volumes.add(new VolumeBuilder().withName(STATE_VOLUME).withNewPersistentVolumeClaim()
                    .withClaimName(PipelineNames.checkpointVolume(pipeline)).endPersistentVolumeClaim().build());
        }
        SecretMounts.of(plan).forEach((secret, keys) -> volumes.add(secretVolume(secret, keys)));
        return volumes;
    }

    static List<VolumeMount> volumeMounts(Pipeline pipeline, PipelinePlan plan) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(mount(PLAN_VOLUME, PLAN_DIR, true));
        mounts.add(mount(TMP_VOLUME, TMP_DIR, false));
        if (CheckpointVolumeBuilder.volumeOf(pipeline).isPresent()) {
            mounts.add(mount(STATE_VOLUME, STATE_DIR, false));
        }
        SecretMounts.of(plan).keySet().forEach(secret ->
                mounts.add(mount(SecretMounts.volumeName(secret), SECRETS_DIR + "/" + secret, true)));
        return mounts;
    }

    private static Volume secretVolume(String secret, SortedSet<String> keys) {
        List<KeyToPath> items = keys.stream().map(key -> new KeyToPath(key, null, key)).toList();
        return new VolumeBuilder().withName(SecretMounts.volumeName(secret)).withNewSecret()
                .withSecretName(secret)
                .withItems(items)
                .withDefaultMode(SECRET_FILE_MODE)
                .withOptional(false)
                .endSecret().build();
    }

    private static VolumeMount mount(String volume, String path, boolean readOnly) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(readOnly).build();
    }
}
