package dev.tributary.operator.pipeline.upgrade;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.UpgradeMode;
import dev.tributary.api.v1alpha1.UpgradeSpec;

/**
 * Whether a plan change may stop the running job, from what the judge says it does to state. A change that would
 * drop state goes ahead only with {@code upgrade.allowStateLoss: true} (the new job then starts allowing
 * non-restored state); state of another shape cannot be restored at all, so only {@code upgradeMode: stateless}
 * starts such a change. Pure.
 */
public final class UpgradeGate {

    /** What the gate says. */
    public sealed interface Verdict {
    }

    /** The upgrade may start; {@code allowNonRestoredState}: the new job skips state nobody claims. */
    public record Pass(boolean allowNonRestoredState, UpgradeDecision.Note warning) implements Verdict {
    }

    /** Not decided yet: the judge is working. */
    public record Wait() implements Verdict {
    }

    /** The running job stays; {@code message} says which operators would lose state and what to do. */
    public record Blocked(String message) implements Verdict {
    }

    private UpgradeGate() {
    }

    /** {@code spec.upgrade.allowStateLoss}. */
    static boolean allowsStateLoss(Pipeline pipeline) {
        UpgradeSpec upgrade = pipeline.getSpec().upgrade;
        return upgrade != null && upgrade.allowStateLossOrDefault();
    }

    public static Verdict check(Pipeline pipeline, UpgradeJudgement judgement) {
        if (pipeline.getSpec().upgradeModeOrDefault() == UpgradeMode.STATELESS) {
            return new Pass(false, null);
        }
        boolean allowStateLoss = allowsStateLoss(pipeline);
        if (judgement instanceof UpgradeJudgement.Pending) {
            return new Wait();
        }
        if (judgement instanceof UpgradeJudgement.Unavailable u) {
            return new Pass(allowStateLoss, new UpgradeDecision.Note("StateNotJudged", "what the new plan does to"
                    + " the running job's state could not be judged (" + u.why() + "); upgrading without the check,"
                    + " and a new job that does not run is rolled back", true));
        }
        if (!(judgement instanceof UpgradeJudgement.Judged j)) {
            return new Pass(false, null);
        }
        if (!j.incompatible().isEmpty()) {
            return new Blocked("The new plan cannot restore the running job's state: "
                    + String.join(", ", j.incompatible()) + " could not read back its state (another state shape,"
                    + " or keyed state at another pipeline.max-parallelism)"
                    + (j.dropped().isEmpty() ? "" : ", and the state of " + String.join(", ", j.dropped())
                            + " would be lost") + ". The job keeps running the previous plan. Set"
                    + " spec.upgradeMode: stateless to start the new query without state, or revert the change"
                    + " (tributary diff shows the verdict before you apply).");
        }
        if (!j.dropped().isEmpty() && !allowStateLoss) {
            return new Blocked("The new plan would lose the state of " + String.join(", ", j.dropped())
                    + ". The job keeps running the previous plan. Set spec.upgrade.allowStateLoss: true to start"
                    + " without that state, or spec.upgradeMode: stateless to start without any, or revert the"
                    + " change (tributary diff shows the verdict before you apply).");
        }
        return new Pass(!j.dropped().isEmpty(), null);
    }
}
