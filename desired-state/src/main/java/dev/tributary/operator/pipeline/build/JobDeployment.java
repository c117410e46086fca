package dev.tributary.operator.pipeline.build;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How the JobManager is deployed: what its job starts from, whether it runs at all, and the job's id.
 *
 * @param restore a savepoint path, {@code latest} (the newest retained checkpoint), or null for no state
 * @param running false while the Pipeline is suspended: JobManager and TaskManagers scaled to zero
 * @param jobId the Flink job id, one per deployment: a JobManager restarted by Kubernetes runs the same job id and
 *     so resumes from that job's own newest checkpoint, never from {@code restore} again (which would replay)
 */
public record JobDeployment(String restore, boolean running, String jobId) {

    public static final String LATEST = "latest";

    /** The job id of a deployment: the same inputs give the same id, so a repeated reconcile changes nothing. */
    public static String jobId(String pipelineUid, String planHash, String restore, String deployedSince) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("|", String.valueOf(pipelineUid),
                    String.valueOf(planHash), String.valueOf(restore), String.valueOf(deployedSince))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
