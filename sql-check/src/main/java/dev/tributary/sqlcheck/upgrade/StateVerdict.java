package dev.tributary.sqlcheck.upgrade;

import java.util.List;

/** What restoring the new job from a savepoint of the running one does, operator by operator. */
public record StateVerdict(List<OperatorFate> operators) {

    /** The whole upgrade, as Flink will see it when the new job starts from the savepoint. */
    public enum Outcome {
        /** Every stateful operator of the running job carries its state over (some may be new and start empty). */
        RESTORES,
        /**
         * Flink starts the new job, but without the state of the dropped operators; only when the job is started
         * allowing non-restored state, which Tributary never does on its own.
         */
        STATE_LOST,
        /** Flink refuses the savepoint or fails reading it: the new job does not run from it. */
        CANNOT_RESTORE
    }

    public StateVerdict {
        operators = List.copyOf(operators);
    }

    public List<OperatorFate> with(StateFate fate) {
        return operators.stream().filter(o -> o.fate() == fate).toList();
    }

    /**
     * @param allowNonRestoredState whether the new job starts with Flink's {@code allowNonRestoredState}: state
     *     nobody claims is then skipped instead of refused
     */
    public Outcome outcome(boolean allowNonRestoredState) {
        if (!with(StateFate.INCOMPATIBLE).isEmpty()) {
            return Outcome.CANNOT_RESTORE;
        }
        if (!with(StateFate.DROPPED).isEmpty()) {
            return allowNonRestoredState ? Outcome.STATE_LOST : Outcome.CANNOT_RESTORE;
        }
        return Outcome.RESTORES;
    }
}
