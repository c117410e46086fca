package dev.tributary.operator.pipeline.upgrade;

import dev.tributary.sqlcheck.upgrade.OperatorFate;
import dev.tributary.sqlcheck.upgrade.StateFate;
import dev.tributary.sqlcheck.upgrade.StateVerdict;
import java.util.List;

/** What is known about the state a plan change keeps, for the gate before a running job is stopped. */
public sealed interface UpgradeJudgement {

    /** Nothing to judge against: the running plan is not known (its ConfigMap is missing or holds another plan). */
    record NotAsked() implements UpgradeJudgement {
    }

    /** The judge is still building the two jobs (seconds of CPU, off the reconcile thread). */
    record Pending() implements UpgradeJudgement {
    }

    /** The operator could not build one of the jobs, so it cannot say what the change does to state. */
    record Unavailable(String why) implements UpgradeJudgement {
    }

    /**
     * The verdict, operator by operator.
     *
     * @param dropped the running job's stateful operators the new job has no operator for, as "name (id)"
     * @param incompatible those the new job has under the same id with state of another shape, or keyed state split
     *     into another number of key groups (then said: "name (id) at max parallelism 1024, now 512")
     */
    record Judged(List<String> dropped, List<String> incompatible) implements UpgradeJudgement {

        public Judged {
            dropped = List.copyOf(dropped);
            incompatible = List.copyOf(incompatible);
        }

        public static Judged of(StateVerdict verdict) {
            return new Judged(describe(verdict.with(StateFate.DROPPED)), describe(verdict.with(StateFate.INCOMPATIBLE)));
        }

        public boolean restores() {
            return dropped.isEmpty() && incompatible.isEmpty();
        }

        private static List<String> describe(List<OperatorFate> fates) {
            return fates.stream().map(f -> f.name() + " (" + f.id() + ")" + keyGroupsChange(f)).toList();
        }

        private static String keyGroupsChange(OperatorFate fate) {
            boolean changed = fate.before() != null && fate.after() != null && fate.before().keyGroups() > 0
                    && fate.before().keyGroups() != fate.after().keyGroups();
            return changed ? " at max parallelism " + fate.before().keyGroups() + ", now " + fate.after().keyGroups()
                    : "";
        }
    }

    /** Looks up the judgement of a plan change; never blocks the reconcile. */
    @FunctionalInterface
    interface Judge {

        /** A judge for which no running plan is ever known: every change passes the gate, as before it existed. */
        Judge NONE = (runningHash, running, desiredHash, desired) -> new NotAsked();

        /** @param running the running plan, null when it is not known */
        UpgradeJudgement judgement(String runningHash, dev.tributary.api.plan.PipelinePlan running, String desiredHash,
                dev.tributary.api.plan.PipelinePlan desired);
    }
}
