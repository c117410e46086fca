package dev.tributary.operator.dashboard.build;

import dev.tributary.api.v1alpha1.Dashboard;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineSelection;
import dev.tributary.api.v1alpha1.Selector;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Which Pipelines of its namespace a Dashboard shows: those it names, or those its label selector matches. */
public final class PipelineSelector {

    private PipelineSelector() {
    }

    public static boolean selects(Dashboard dashboard, Pipeline pipeline) {
        if (dashboard.getSpec() == null || dashboard.getSpec().pipelines == null
                || !Objects.equals(dashboard.getMetadata().getNamespace(), pipeline.getMetadata().getNamespace())) {
            return false;
        }
        PipelineSelection selection = dashboard.getSpec().pipelines;
        if (selection.names != null) {
            return selection.names.contains(pipeline.getMetadata().getName());
        }
        return selection.selector != null && matches(selection.selector, pipeline.getMetadata().getLabels());
    }

    /** The selected ones among {@code candidates}, sorted by name. */
    public static List<Pipeline> selected(Dashboard dashboard, Collection<Pipeline> candidates) {
        return candidates.stream().filter(p -> selects(dashboard, p))
                .sorted(java.util.Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }

    /** Kubernetes label-selector semantics: every matchLabels entry and every requirement holds. */
    static boolean matches(Selector selector, Map<String, String> labels) {
        Map<String, String> have = labels == null ? Map.of() : labels;
        if (selector.matchLabels != null) {
            for (Map.Entry<String, String> e : selector.matchLabels.entrySet()) {
                if (!e.getValue().equals(have.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.matchExpressions != null) {
            for (Selector.Requirement r : selector.matchExpressions) {
                String value = have.get(r.key);
                List<String> values = r.values == null ? List.of() : r.values;
                boolean holds = switch (r.operator) {
                    case In -> value != null && values.contains(value);
                    case NotIn -> value == null || !values.contains(value);
                    case Exists -> value != null;
                    case DoesNotExist -> value == null;
                };
                if (!holds) {
                    return false;
                }
            }
        }
        return true;
    }
}
