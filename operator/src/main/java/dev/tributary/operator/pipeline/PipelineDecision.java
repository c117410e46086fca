package dev.tributary.operator.pipeline;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.operator.pipeline.upgrade.UpgradeDecision;
import dev.tributary.operator.topic.plan.DesiredTopic;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one reconcile of a Pipeline does, decided from its snapshot without I/O.
 *
 * @param askAgain reconcile again after this, writing nothing (the SQL is still being planned); empty otherwise
 * @param upgrade what happens to the job; null when nothing may be deployed (invalid references, spec or SQL)
 * @param children the children to apply, in order (held job children left out)
 * @param obsolete children the Pipeline owns that it no longer asks for, to delete
 * @param deadLetterTopic the dead-letter topic to reconcile; null when nothing may be deployed
 * @param events what happened, for events, before the children are applied
 * @param status the status to write, before the outcome of the applies and of the dead-letter topic
 * @param ready the Ready condition, likewise
 * @param deployed the Deployed condition, likewise
 * @param next when to reconcile again
 * @param running whether the job is to run (deployed and not suspended)
 */
public record PipelineDecision(Optional<Duration> askAgain, UpgradeDecision upgrade, List<HasMetadata> children,
        List<HasMetadata> obsolete, DesiredTopic deadLetterTopic, List<UpgradeDecision.Note> events,
        PipelineStatus status, Condition ready, Condition deployed, Duration next, boolean running) {

    /** Nothing is deployed or changed; only the status says why. */
    static PipelineDecision statusOnly(PipelineStatus status, Condition ready, Condition deployed, Duration next) {
        return new PipelineDecision(Optional.empty(), null, List.of(), List.of(), null, List.of(), status, ready,
                deployed, next, false);
    }

    /** Nothing is written now; the reconcile asks again after {@code wait}. */
    static PipelineDecision later(Duration wait) {
        return new PipelineDecision(Optional.of(wait), null, List.of(), List.of(), null, List.of(), null, null, null,
                wait, false);
    }

    public boolean deploys() {
        return upgrade != null;
    }

    /** The same decision with Ready, Deployed and the next look replaced (after the applies). */
    PipelineDecision with(Condition ready, Condition deployed, Duration next) {
        return new PipelineDecision(askAgain, upgrade, children, obsolete, deadLetterTopic, events, status, ready,
                deployed, next, running);
    }
}
