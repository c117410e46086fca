package dev.tributary.operator.dashboard;

import dev.tributary.api.v1alpha1.Pipeline;
import java.util.Objects;

/**
 * What the Dashboard controller keeps of a Pipeline, and which of a Pipeline's changes concern a Dashboard. A
 * dashboard shows a Pipeline by its name, labels and spec (state, checkpoint interval, autoscaling bounds, task
 * slots): its SQL and its status are not read, and the Pipeline controller keeps the whole object in a cache of its
 * own. A status patch — most of a Pipeline's updates — changes neither the generation nor the labels, so it
 * reconciles no Dashboard. The cache is pruned only where {@link dev.tributary.operator.common.PrunedCaches} allows.
 */
final class PipelinesSeenByDashboards {

    private PipelinesSeenByDashboards() {
    }

    /** The Pipeline without its status and SQL; changed in place, as the informer hands over its own copy. */
    static Pipeline keptOf(Pipeline pipeline) {
        pipeline.setStatus(null);
        if (pipeline.getSpec() != null) {
            pipeline.getSpec().sql = null;
        }
        return pipeline;
    }

    /** A Pipeline deleted and made again under its name while the watch was down comes back as an update. */
    static boolean concernsDashboards(Pipeline newer, Pipeline older) {
        return !Objects.equals(newer.getMetadata().getUid(), older.getMetadata().getUid())
                || !Objects.equals(newer.getMetadata().getGeneration(), older.getMetadata().getGeneration())
                || !Objects.equals(newer.getMetadata().getLabels(), older.getMetadata().getLabels());
    }
}
