package dev.tributary.runtime.query;

import java.util.Optional;

/**
 * Tells a failure that one row's values caused in the query (a {@code CAST} of a string that is no number, an
 * integer divided by zero, a {@code NOT NULL} key column of a sink given a null) from every other failure raised
 * downstream of a source. Flink compiles a query's expressions into classes without a package; a failure is the
 * row's when, walking its stack from where it was thrown, such a class (or the sink's constraint enforcer) comes
 * before any hand-over between operators. A failure of a sink writer, a cancellation or anything else that is not
 * the row's own comes out of another operator first, and must still fail the job.
 */
public final class RowErrors {

    /** Where the row's failure came from, named for the dead letter, when it is the row's own. */
    public record RowError(Throwable failure, String where) {

        /** Why, for a dead letter: {@code <subject> made the query (StreamExecCalc) fail: <exception>: <message>}. */
        public String describe(String subject) {
            String message = String.valueOf(failure.getMessage());
            int advice = message.indexOf(" You can set job configuration 'table.exec.sink.not-null-enforcer'");
            if (advice >= 0) { // Flink's advice is to drop such rows silently: here they are dead letters
                message = message.substring(0, advice) + " An upsert sink's key column needs a value.";
            }
            return subject + " made " + where + " fail: " + failure.getClass().getName() + ": " + message;
        }
    }

    private static final String CONSTRAINT_ENFORCER = "org.apache.flink.table.runtime.operators.sink.ConstraintEnforcer";

    private RowErrors() {
    }

    public static Optional<RowError> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Optional<String> where = rowsOwn(t.getStackTrace());
            if (where.isPresent()) {
                return Optional.of(new RowError(t, where.get()));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> rowsOwn(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String type = frame.getClassName();
            if (isHandOver(type)) {
                return Optional.empty();
            }
            if (type.equals(CONSTRAINT_ENFORCER)) {
                return Optional.of("a sink's constraint");
            }
            if (isCompiledQuery(type)) {
                return Optional.of("the query (" + type.replaceAll("\\$\\d+$", "") + ")");
            }
        }
        return Optional.empty();
    }

    /** The classes that pass a record from one operator to the next, chained or over the network. */
    private static boolean isHandOver(String type) {
        return type.startsWith("org.apache.flink.streaming.runtime.tasks.")
                || type.startsWith("org.apache.flink.streaming.runtime.io.");
    }

    /** Janino-compiled query code: {@code StreamExecCalc$12}, {@code ExpandFunction$31}, … in no package. */
    private static boolean isCompiledQuery(String type) {
        return type.indexOf('.') < 0 && type.matches("[A-Za-z]\\w*\\$\\d+");
    }
}
