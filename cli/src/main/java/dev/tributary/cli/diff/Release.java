package dev.tributary.cli.diff;

import dev.tributary.api.plan.PipelinePlan;

/**
 * One Pipeline as it runs (or would run): its plan, the runtime image, and its {@code spec.upgradeMode} when the
 * input says (a rendered plan does not: null).
 */
record Release(PipelinePlan plan, String image, String upgradeMode) {

    String key() {
        return plan.namespace() + "/" + plan.name();
    }
}
