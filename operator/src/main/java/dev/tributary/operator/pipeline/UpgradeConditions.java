package dev.tributary.operator.pipeline;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.operator.pipeline.upgrade.UpgradeDecision;
import dev.tributary.operator.status.Conditions;
import dev.tributary.operator.status.PipelineReason;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Upgrade} condition: whether the job runs the plan the spec asks for, and if not why: being judged,
 * blocked by the gate (Ready stays as the running job is), in flight, or rolled back.
 */
final class UpgradeConditions {

    private UpgradeConditions() {
    }

    static List<Condition> with(List<Condition> conditions, UpgradeDecision decision, String desiredHash,
            boolean running) {
        List<Condition> all = new ArrayList<>(conditions == null ? List.of() : conditions);
        all.removeIf(c -> PipelineReason.UPGRADE.equals(c.type));
        all.add(of(decision, desiredHash, running));
        return all;
    }

    private static Condition of(UpgradeDecision decision, String desiredHash, boolean running) {
        if (decision.blocked() != null) {
            return Conditions.of(PipelineReason.UPGRADE, false, PipelineReason.UpgradeBlocked, decision.blocked());
        }
        if (decision.upgrade() != null) {
            return Conditions.of(PipelineReason.UPGRADE, false, PipelineReason.Upgrading,
                    PipelineDecider.upgradeMessage(decision));
        }
        if (decision.problem() != null) {
            return Conditions.of(PipelineReason.UPGRADE, false, decision.problemReason() == null
                    ? PipelineReason.UpgradeBlocked : PipelineReason.valueOf(decision.problemReason()),
                    decision.problem());
        }
        if (running && !desiredHash.equals(decision.planHash())) {
            return Conditions.of(PipelineReason.UPGRADE, false, PipelineReason.Judging, "Judging what plan "
                    + desiredHash + " does to the running job's state before stopping it.");
        }
        return Conditions.of(PipelineReason.UPGRADE, true, PipelineReason.UpToDate,
                "The job runs the plan the spec asks for.");
    }
}
