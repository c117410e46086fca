package dev.tributary.operator.metrics;

import static dev.tributary.operator.metrics.names.OperatorMetricNames.micrometer;

import dev.tributary.api.v1alpha1.PipelinePhase;
import dev.tributary.operator.metrics.names.OperatorMetricNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The per-resource gauges (Ready of every kind; phase and TaskManagers of Pipelines), kept in step with what the
 * operator's caches hold: {@link #observe} after a reconcile, {@link #sync} for whole kinds, which also removes the
 * gauges of resources that are gone (the reconcilers are not told about deletions).
 */
final class ResourceGauges {

    record Key(String kind, String namespace, String name) {

        static Key of(HasMetadata resource) {
            return new Key(HasMetadata.getKind(resource.getClass()), resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName());
        }
    }

    private record Entry(ResourceReadings readings, List<Meter> meters, Set<String> registered) {
    }

    private final MeterRegistry registry;
    private final Map<Key, Entry> entries = new HashMap<>();

    ResourceGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    synchronized void observe(HasMetadata resource) {
        Key key = Key.of(resource);
        Entry entry = entries.computeIfAbsent(key, k -> new Entry(new ResourceReadings(), new ArrayList<>(),
                new HashSet<>()));
        entry.readings().update(resource);
        register(key, entry);
    }

    /** Every resource of the kind as the cache holds it now; gauges of the kind's other resources are removed. */
    synchronized void sync(String kind, Stream<? extends HasMetadata> resources) {
        Set<Key> present = new HashSet<>();
        resources.forEach(resource -> {
            observe(resource);
            present.add(Key.of(resource));
        });
        entries.entrySet().removeIf(e -> {
            if (!e.getKey().kind().equals(kind) || present.contains(e.getKey())) {
                return false;
            }
            e.getValue().meters().forEach(registry::remove);
            return true;
        });
    }

    private void register(Key key, Entry entry) {
        ResourceReadings r = entry.readings();
        gauge(entry, OperatorMetricNames.READY, Tags.of(OperatorMetricNames.KIND_LABEL, key.kind(),
                OperatorMetricNames.NAMESPACE_LABEL, key.namespace(), OperatorMetricNames.NAME_LABEL, key.name()),
                ResourceReadings::ready);
        if (!"Pipeline".equals(key.kind())) {
            return;
        }
        Tags pipeline = Tags.of(OperatorMetricNames.NAMESPACE_LABEL, key.namespace(),
                OperatorMetricNames.PIPELINE_LABEL, key.name());
        for (PipelinePhase phase : PipelinePhase.values()) {
            gauge(entry, OperatorMetricNames.PIPELINE_PHASE + "/" + phase,
                    pipeline.and(OperatorMetricNames.PHASE_LABEL, phase.name()), x -> x.inPhase(phase));
        }
        // Only once known: a series of NaN would look like data to a query.
        if (!Double.isNaN(r.taskManagers())) {
            gauge(entry, OperatorMetricNames.PIPELINE_TASKMANAGERS, pipeline, ResourceReadings::taskManagers);
        }
        if (!Double.isNaN(r.desiredTaskManagers())) {
            gauge(entry, OperatorMetricNames.PIPELINE_DESIRED_TASKMANAGERS, pipeline,
                    ResourceReadings::desiredTaskManagers);
        }
    }

    /** Registers the gauge once per resource; {@code id} is its name, with a suffix where one name has several. */
    private void gauge(Entry entry, String id, Tags tags, ToDoubleFunction<ResourceReadings> value) {
        if (entry.registered().add(id)) {
            String name = id.contains("/") ? id.substring(0, id.indexOf('/')) : id;
            entry.meters().add(Gauge.builder(micrometer(name), entry.readings(), value).tags(tags)
                    .strongReference(true).register(registry));
        }
    }
}
