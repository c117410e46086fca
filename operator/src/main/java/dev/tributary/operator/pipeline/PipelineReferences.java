package dev.tributary.operator.pipeline;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.ResourceStatus;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.status.Conditions;
import dev.tributary.operator.status.PipelineReason;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the Sources and Sinks a Pipeline names exist in its namespace and are Ready. Pure: the caller looks them
 * up (in the informer caches) and gets back the Ready=False condition that says which one is missing and what to
 * do, or nothing when all of them can be used.
 */
public final class PipelineReferences {

    private PipelineReferences() {
    }

    /** The first problem with the named Sources, then Sinks, in the order the spec lists them. */
    public static Optional<Condition> problem(String namespace, List<String> sourceNames, Map<String, Source> sources,
            List<String> sinkNames, Map<String, Sink> sinks) {
        for (int i = 0; i < sourceNames.size(); i++) {
            String name = sourceNames.get(i);
            Source source = sources.get(name);
            if (source == null) {
                return Optional.of(Conditions.notReady(PipelineReason.SourceNotFound, "spec.sources[" + i
                        + "]: Source " + name
                        + " does not exist in"
                        + " namespace " + namespace + ": create it, or remove it from spec.sources."));
            }
            if (!ready(source.getStatus())) {
                return Optional.of(Conditions.notReady(PipelineReason.SourceNotReady, "Source " + name + " is not Ready"
                        + reason(source.getStatus()) + ": see kubectl describe source " + name + "."));
            }
        }
        for (int i = 0; i < sinkNames.size(); i++) {
            String name = sinkNames.get(i);
            Sink sink = sinks.get(name);
            if (sink == null) {
                return Optional.of(Conditions.notReady(PipelineReason.SinkNotFound, "spec.sinks[" + i + "]: Sink "
                        + name
                        + " does not exist in"
                        + " namespace " + namespace + ": create it, or remove it from spec.sinks."));
            }
            if (!ready(sink.getStatus())) {
                return Optional.of(Conditions.notReady(PipelineReason.SinkNotReady, "Sink " + name + " is not Ready"
                        + reason(sink.getStatus()) + ": see kubectl describe sink " + name + "."));
            }
        }
        return Optional.empty();
    }

    private static boolean ready(ResourceStatus status) {
        return status != null && status.isReady();
    }

    private static String reason(ResourceStatus status) {
        return Optional.ofNullable(status).flatMap(s -> s.condition(ResourceStatus.READY))
                .map(c -> " (" + c.reason + ")").orElse(" yet");
    }
}
