package dev.tributary.operator.pipeline.build;

import dev.tributary.api.v1alpha1.Pipeline;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names of a Pipeline's children, all derived from its name so a second reconcile finds the same objects. A
 * Service name and a label value hold at most 63 characters; a longer one keeps its start and ends in a hash of the
 * whole, so it stays unique and stable.
 */
public final class PipelineNames {

    static final int MAX_LENGTH = 63;
    private static final int HASH_LENGTH = 8;

    private PipelineNames() {
    }

    /** The Pipeline's name as a label value (app.kubernetes.io/instance). */
    public static String instance(Pipeline pipeline) {
        return fit(pipeline.getMetadata().getName());
    }

    public static String planConfigMap(Pipeline pipeline) {
        return fit(pipeline.getMetadata().getName() + "-plan");
    }

    public static String checkpointVolume(Pipeline pipeline) {
        return fit(pipeline.getMetadata().getName() + "-checkpoints");
    }

    /** The JobManager's Deployment and Service; the Service name is the JobManager's address. */
    public static String jobManager(Pipeline pipeline) {
        return fit(pipeline.getMetadata().getName() + "-jobmanager");
    }

    public static String taskManager(Pipeline pipeline) {
        return fit(pipeline.getMetadata().getName() + "-taskmanager");
    }

    /** The PodDisruptionBudget and the NetworkPolicy, which cover all the Pipeline's pods. */
    public static String pipelineWide(Pipeline pipeline) {
        return fit(pipeline.getMetadata().getName());
    }

    public static String fit(String name) {
        if (name.length() <= MAX_LENGTH) {
            return name;
        }
        String start = name.substring(0, MAX_LENGTH - HASH_LENGTH - 1).replaceAll("[-.]+$", "");
        return start + "-" + hash(name);
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, HASH_LENGTH / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
