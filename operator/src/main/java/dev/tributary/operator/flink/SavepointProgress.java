package dev.tributary.operator.flink;

/**
 * Where a stop-with-savepoint request stands.
 *
 * @param location the savepoint's path once {@link State#COMPLETED}
 * @param failure Flink's reason once {@link State#FAILED}
 */
public record SavepointProgress(State state, String location, String failure) {

    public enum State {
        IN_PROGRESS,
        COMPLETED,
        FAILED,
        /** The JobManager does not know the request (it restarted, or forgot it): ask the job instead. */
        UNKNOWN
    }

    public static SavepointProgress inProgress() {
        return new SavepointProgress(State.IN_PROGRESS, null, null);
    }

    public static SavepointProgress completed(String location) {
        return new SavepointProgress(State.COMPLETED, location, null);
    }

    public static SavepointProgress failed(String failure) {
        return new SavepointProgress(State.FAILED, null, failure);
    }

    public static SavepointProgress unknown() {
        return new SavepointProgress(State.UNKNOWN, null, null);
    }
}
