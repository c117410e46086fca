package dev.tributary.operator.pipeline.autoscale;

import dev.tributary.autoscaler.ScalingAction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lag and the autoscaler's choices as operator metrics on {@code /q/metrics}, one series per Pipeline
 * ({@code namespace}, {@code pipeline} labels): {@code tributary_pipeline_lag_records},
 * {@code tributary_pipeline_lag_seconds}, {@code tributary_autoscaler_desired_taskmanagers} and
 * {@code tributary_autoscaler_decisions_total{direction="up|down"}}. A figure not known is NaN.
 */
final class AutoscalerMetrics {

    static final String LAG_RECORDS = "tributary.pipeline.lag.records";
    static final String LAG_SECONDS = "tributary.pipeline.lag.seconds";
    static final String DESIRED = "tributary.autoscaler.desired.taskmanagers";
    static final String DECISIONS = "tributary.autoscaler.decisions";

    /** The figures of one Pipeline; the gauges read them (Micrometer holds gauge objects weakly, this map strongly). */
    static final class Figures {
        volatile double lagRecords = Double.NaN;
        volatile double lagSeconds = Double.NaN;
        volatile double desired = Double.NaN;
    }

    private final MeterRegistry registry;
    private final Map<String, Figures> byPipeline = new ConcurrentHashMap<>();

    AutoscalerMetrics(MeterRegistry registry) {
        this.registry = registry;
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
        if (byPipeline.remove(namespace + "/" + pipeline) != null) {
            Tags tags = tags(namespace, pipeline);
            for (String name : new String[] {LAG_RECORDS, LAG_SECONDS, DESIRED, DECISIONS}) {
                registry.find(name).tags(tags).meters().forEach(registry::remove);
            }
        }
    }

    private Figures figures(String namespace, String pipeline) {
        return byPipeline.computeIfAbsent(namespace + "/" + pipeline, key -> {
            Figures f = new Figures();
            Tags tags = tags(namespace, pipeline);
            Gauge.builder(LAG_RECORDS, f, x -> x.lagRecords).tags(tags)
                    .description("Records behind over all source partitions (from the consumer group)")
                    .register(registry);
            Gauge.builder(LAG_SECONDS, f, x -> x.lagSeconds).tags(tags)
                    .description("Seconds to catch up at the observed processing rate").register(registry);
            Gauge.builder(DESIRED, f, x -> x.desired).tags(tags)
                    .description("TaskManagers the autoscaler wants (NaN while autoscaling is off)")
                    .register(registry);
            return f;
        });
    }

    private static Tags tags(String namespace, String pipeline) {
        return Tags.of("namespace", namespace, "pipeline", pipeline.toLowerCase(Locale.ROOT));
    }
}
