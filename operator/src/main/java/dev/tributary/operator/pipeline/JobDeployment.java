package dev.tributary.operator.pipeline;

/**
 * How the JobManager is deployed: what its job starts from and whether it runs at all.
 *
 * @param restore a savepoint path, {@code latest} (the newest retained checkpoint), or null for no state
 * @param running false while the Pipeline is suspended: JobManager and TaskManagers scaled to zero
 */
public record JobDeployment(String restore, boolean running) {

    public static final String LATEST = "latest";

    public static JobDeployment fresh(boolean running) {
        return new JobDeployment(null, running);
    }
}
