package dev.tributary.operator.metrics;

import dev.tributary.api.v1alpha1.PipelinePhase;
import dev.tributary.operator.metrics.names.OperatorMetricNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.prometheus.client.Collector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The per-resource gauges (Ready of every kind; phase and TaskManagers of Pipelines), kept in step with what the
 * operator's caches hold: {@link #observe} after a reconcile, {@link #sync} for whole kinds, which also drops the
 * resources that are gone (the reconcilers are not told about deletions). The series are written when Prometheus
 * scrapes, from one reading per resource, as kube-state-metrics does: a registered gauge per series cost about 9 KB
 * of heap per Pipeline at 1,000 Pipelines (bench B5), more than the Pipeline's own cached objects but one.
 */
final class ResourceGauges extends Collector {

    private static final List<String> READY_LABELS = List.of(OperatorMetricNames.KIND_LABEL,
            OperatorMetricNames.NAMESPACE_LABEL, OperatorMetricNames.NAME_LABEL);
    private static final List<String> PIPELINE_LABELS = List.of(OperatorMetricNames.NAMESPACE_LABEL,
            OperatorMetricNames.PIPELINE_LABEL);
    private static final List<String> PHASE_LABELS = List.of(OperatorMetricNames.NAMESPACE_LABEL,
            OperatorMetricNames.PIPELINE_LABEL, OperatorMetricNames.PHASE_LABEL);

    record Key(String kind, String namespace, String name) {

        static Key of(HasMetadata resource) {
            return new Key(HasMetadata.getKind(resource.getClass()), resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName());
        }
    }

    private final Map<Key, ResourceReadings> readings = new ConcurrentHashMap<>();

    synchronized void observe(HasMetadata resource) {
        readings.computeIfAbsent(Key.of(resource), k -> new ResourceReadings()).update(resource);
    }

    /** Every resource of the kind as the cache holds it now; the kind's other resources lose their series. */
    synchronized void sync(String kind, Stream<? extends HasMetadata> resources) {
        Set<Key> present = new HashSet<>();
        resources.forEach(resource -> {
            observe(resource);
            present.add(Key.of(resource));
        });
        readings.keySet().removeIf(key -> key.kind().equals(kind) && !present.contains(key));
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples.Sample> ready = new ArrayList<>();
        List<MetricFamilySamples.Sample> phases = new ArrayList<>();
        List<MetricFamilySamples.Sample> taskManagers = new ArrayList<>();
        List<MetricFamilySamples.Sample> desired = new ArrayList<>();
        readings.forEach((key, r) -> {
            ready.add(new MetricFamilySamples.Sample(OperatorMetricNames.READY, READY_LABELS,
                    List.of(key.kind(), key.namespace(), key.name()), r.ready()));
            if (!"Pipeline".equals(key.kind())) {
                return;
            }
            for (PipelinePhase phase : PipelinePhase.values()) {
                phases.add(new MetricFamilySamples.Sample(OperatorMetricNames.PIPELINE_PHASE, PHASE_LABELS,
                        List.of(key.namespace(), key.name(), phase.name()), r.inPhase(phase)));
            }
            List<String> pipeline = List.of(key.namespace(), key.name());
            // Only once known: a series of NaN would look like data to a query.
            if (!Double.isNaN(r.taskManagers())) {
                taskManagers.add(new MetricFamilySamples.Sample(OperatorMetricNames.PIPELINE_TASKMANAGERS,
                        PIPELINE_LABELS, pipeline, r.taskManagers()));
            }
            if (!Double.isNaN(r.desiredTaskManagers())) {
                desired.add(new MetricFamilySamples.Sample(OperatorMetricNames.PIPELINE_DESIRED_TASKMANAGERS,
                        PIPELINE_LABELS, pipeline, r.desiredTaskManagers()));
            }
        });
        return List.of(
                family(OperatorMetricNames.READY, "1 while the resource's Ready condition is True, else 0", ready),
                family(OperatorMetricNames.PIPELINE_PHASE, "1 for the Pipeline's current phase, 0 for the others",
                        phases),
                family(OperatorMetricNames.PIPELINE_TASKMANAGERS, "The TaskManagers the Pipeline runs now",
                        taskManagers),
                family(OperatorMetricNames.PIPELINE_DESIRED_TASKMANAGERS,
                        "The TaskManagers the autoscaler's latest decision wants", desired));
    }

    private static MetricFamilySamples family(String name, String help, List<MetricFamilySamples.Sample> samples) {
        return new MetricFamilySamples(name, Type.GAUGE, help, samples);
    }
}
