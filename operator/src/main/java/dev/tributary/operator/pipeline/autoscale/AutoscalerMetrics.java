package dev.tributary.operator.pipeline.autoscale;

import dev.tributary.autoscaler.ScalingAction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.Collector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lag and the autoscaler's choices as operator metrics on {@code /q/metrics}, one series per Pipeline
 * ({@code namespace}, {@code pipeline} labels): {@code tributary_pipeline_lag_records},
 * {@code tributary_pipeline_lag_seconds}, {@code tributary_autoscaler_desired_taskmanagers} and
 * {@code tributary_autoscaler_decisions_total{direction="up|down"}}. A figure not known is NaN. The three gauges are
 * written when Prometheus scrapes, from one set of figures per Pipeline, not registered as a meter per series
 * (heap per Pipeline, bench B5).
 */
final class AutoscalerMetrics extends Collector {

    static final String LAG_RECORDS = "tributary_pipeline_lag_records";
    static final String LAG_SECONDS = "tributary_pipeline_lag_seconds";
    static final String DESIRED = "tributary_autoscaler_desired_taskmanagers";
    static final String DECISIONS = "tributary.autoscaler.decisions";
    static final List<String> LABELS = List.of("namespace", "pipeline");

    /** The figures of one Pipeline, read when Prometheus scrapes. */
    private static final class Figures {
        volatile double lagRecords = Double.NaN;
        volatile double lagSeconds = Double.NaN;
        volatile double desired = Double.NaN;
    }

    private record Key(String namespace, String pipeline) {
    }

    private final PrometheusMeterRegistry registry;
    private final Map<Key, Figures> byPipeline = new ConcurrentHashMap<>();

    AutoscalerMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        registry.getPrometheusRegistry().register(this);
    }

    void lag(String namespace, String pipeline, Long records, Double seconds) {
        Figures f = figures(namespace, pipeline);
        f.lagRecords = records == null ? Double.NaN : records;
        f.lagSeconds = seconds == null ? Double.NaN : seconds;
    }

    void desired(String namespace, String pipeline, Integer taskManagers) {
        figures(namespace, pipeline).desired = taskManagers == null ? Double.NaN : taskManagers;
    }

    void decided(String namespace, String pipeline, ScalingAction action) {
        if (action == ScalingAction.HOLD) {
            return;
        }
        String direction = action == ScalingAction.SCALE_UP ? "up" : "down";
        Counter.builder(DECISIONS).description("TaskManager count changes the autoscaler made")
                .tags(tags(namespace, pipeline).and("direction", direction)).register(registry).increment();
    }

    void forget(String namespace, String pipeline) {
        if (byPipeline.remove(key(namespace, pipeline)) != null) {
            registry.find(DECISIONS).tags(tags(namespace, pipeline)).meters().forEach(registry::remove);
        }
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples.Sample> records = new ArrayList<>();
        List<MetricFamilySamples.Sample> seconds = new ArrayList<>();
        List<MetricFamilySamples.Sample> desired = new ArrayList<>();
        byPipeline.forEach((key, f) -> {
            List<String> values = List.of(key.namespace(), key.pipeline());
            records.add(new MetricFamilySamples.Sample(LAG_RECORDS, LABELS, values, f.lagRecords));
            seconds.add(new MetricFamilySamples.Sample(LAG_SECONDS, LABELS, values, f.lagSeconds));
            desired.add(new MetricFamilySamples.Sample(DESIRED, LABELS, values, f.desired));
        });
        return List.of(
                new MetricFamilySamples(LAG_RECORDS, Type.GAUGE,
                        "Records behind over all source partitions (from the consumer group)", records),
                new MetricFamilySamples(LAG_SECONDS, Type.GAUGE, "Seconds to catch up at the observed processing rate",
                        seconds),
                new MetricFamilySamples(DESIRED, Type.GAUGE,
                        "TaskManagers the autoscaler wants (NaN while autoscaling is off)", desired));
    }

    private Figures figures(String namespace, String pipeline) {
        return byPipeline.computeIfAbsent(key(namespace, pipeline), k -> new Figures());
    }

    private static Key key(String namespace, String pipeline) {
        return new Key(namespace, pipeline.toLowerCase(Locale.ROOT));
    }

    private static Tags tags(String namespace, String pipeline) {
        return Tags.of("namespace", namespace, "pipeline", pipeline.toLowerCase(Locale.ROOT));
    }
}
