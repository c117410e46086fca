package dev.tributary.cli.diff;

import dev.tributary.sqlcheck.upgrade.OperatorFate;
import dev.tributary.sqlcheck.upgrade.StateFate;
import dev.tributary.sqlcheck.upgrade.StateVerdict;
import dev.tributary.sqlcheck.upgrade.StateVerdict.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One changed Pipeline's report: what changed, each stateful operator's fate, the verdict and what to do. */
final class UpgradeReport {

    static final String STATELESS = "stateless";

    private UpgradeReport() {
    }

    /** Operators with a uid are the runtime's sources and sinks; they are summed up in one line. */
    private static boolean connector(OperatorFate fate) {
        return (fate.before() != null ? fate.before() : fate.after()).stateShape().startsWith("uid ");
    }

    static List<String> lines(Release before, Release after, StateVerdict verdict) {
        List<String> lines = new ArrayList<>();
        PlanChanges.details(before, after).forEach(l -> lines.add("  " + l));
        lines.add("  State (operator ids as Flink derives them for the job the runtime builds):");
        for (OperatorFate fate : verdict.operators()) {
            if (!connector(fate)) {
                lines.add(String.format("    %-13s %s [%s]: %s", fate.fate().name().toLowerCase(Locale.ROOT),
                        fate.name(), fate.id().substring(0, 12), fate.why()));
                if (fate.before() != null && fate.after() != null
                        && !fate.before().description().equals(fate.after().description())) {
                    lines.add("                    was " + fate.before().description());
                    lines.add("                    now " + fate.after().description());
                }
            }
        }
        for (StateFate kind : StateFate.values()) {
            List<OperatorFate> connectors = verdict.with(kind).stream().filter(UpgradeReport::connector).toList();
            if (kind == StateFate.KEPT && !connectors.isEmpty()) {
                lines.add(String.format("    %-13s sources, sinks and dead letters: %d operators (Kafka offsets,"
                        + " transactions)", "kept", connectors.size()));
            } else if (!connectors.isEmpty()) {
                lines.add(String.format("    %-13s sources, sinks and dead letters: %s",
                        kind.name().toLowerCase(Locale.ROOT),
                        String.join(", ", connectors.stream().map(OperatorFate::name).distinct().toList())));
            }
        }
        boolean stateless = STATELESS.equals(after.upgradeMode());
        Outcome outcome = verdict.outcome(false);
        if (stateless) {
            lines.add("  Verdict: STARTS WITHOUT STATE, as asked (upgradeMode: stateless)");
        } else if (outcome == Outcome.RESTORES) {
            int fresh = verdict.with(StateFate.NEW).size();
            lines.add("  Verdict: RESTORES — every stateful operator of the running job carries its state over"
                    + (fresh == 0 ? "" : "; " + fresh + " new operator" + (fresh == 1 ? "" : "s") + " start empty"));
        } else {
            int dropped = verdict.with(StateFate.DROPPED).size();
            int incompatible = verdict.with(StateFate.INCOMPATIBLE).size();
            List<String> why = new ArrayList<>();
            if (dropped > 0) {
                why.add("the savepoint holds state of " + dropped + " operator" + (dropped == 1 ? "" : "s")
                        + " the new job does not have, which Flink refuses");
            }
            if (incompatible > 0) {
                why.add(incompatible + " operator" + (incompatible == 1 ? "" : "s") + " would read state of another"
                        + " shape or at another max parallelism, which Flink fails on");
            }
            lines.add("  Verdict: CANNOT RESTORE — " + String.join("; ", why)
                    + ": the new job does not start from the savepoint");
            lines.add("  What to do: set spec.upgradeMode: stateless to start the new query without state (the"
                    + " sources carry on from the offsets the consumer group committed; aggregates start over), or"
                    + " keep the old query running alongside: leave this Pipeline as it is and put the new query in a"
                    + " new Pipeline writing another Sink (it reads the Sources from their earliest retained records"
                    + " and builds its own state), move readers over once it has caught up, then delete the old"
                    + " Pipeline. A second statement in the same Pipeline is no way around it: it usually changes"
                    + " the ids of the operators already there");
        }
        return lines;
    }

    /** Whether this upgrade fails the CI check: state would not carry over and the Pipeline did not ask for that. */
    static boolean losesState(Release after, StateVerdict verdict) {
        return !STATELESS.equals(after.upgradeMode()) && verdict.outcome(false) != Outcome.RESTORES;
    }
}
