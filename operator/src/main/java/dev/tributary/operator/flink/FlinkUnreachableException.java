package dev.tributary.operator.flink;

/** The JobManager's REST API did not answer, or answered with an error: the message says which and where. */
public class FlinkUnreachableException extends RuntimeException {

    public FlinkUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

    public FlinkUnreachableException(String message) {
        super(message);
    }
}
