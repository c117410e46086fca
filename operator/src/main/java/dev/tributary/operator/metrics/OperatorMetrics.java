package dev.tributary.operator.metrics;

import static dev.tributary.operator.metrics.names.OperatorMetricNames.micrometer;

import dev.tributary.operator.metrics.names.OperatorMetricNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.CollectorRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The operator's own metrics (names in {@link OperatorMetricNames}): each reconcile timed and its exceptions counted
 * per kind, and gauges of every reconciled resource's status. A reconciler hands its work to {@link #reconcile}; the
 * status gauges follow each reconcile's result and, every {@link #SYNC_EVERY}, the caches (which also notice
 * deletions).
 */
@ApplicationScoped
public class OperatorMetrics {

    static final Duration SYNC_EVERY = Duration.ofSeconds(15);
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final MeterRegistry registry;
    private final ResourceGauges gauges;
    private final Map<String, IndexedResourceCache<? extends HasMetadata>> caches = new ConcurrentHashMap<>();
    private final ScheduledExecutorService syncer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tributary-metrics-sync");
        t.setDaemon(true);
        return t;
    });

    private final CollectorRegistry series;

    @Inject
    public OperatorMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
        this(registry, prometheus.getPrometheusRegistry());
    }

    /** @param series where the per-resource gauges are scraped from (Micrometer's Prometheus registry's own) */
    public OperatorMetrics(MeterRegistry registry, CollectorRegistry series) {
        this.registry = registry;
        this.gauges = new ResourceGauges();
        this.series = series;
        series.register(gauges);
        OperatorMetricNames.KINDS.forEach(kind -> {
            timer(kind);
            errors(kind);
        });
        syncer.scheduleWithFixedDelay(this::syncAll, SYNC_EVERY.toSeconds(), SYNC_EVERY.toSeconds(), TimeUnit.SECONDS);
    }

    /** Runs one reconcile, timing it, counting it as an error when it throws, and then reading the status it left. */
    public <R extends HasMetadata> UpdateControl<R> reconcile(R resource, Context<R> context,
            Supplier<UpdateControl<R>> work) {
        caches.putIfAbsent(HasMetadata.getKind(resource.getClass()), context.getPrimaryCache());
        return timed(resource, work);
    }

    <R extends HasMetadata> UpdateControl<R> timed(R resource, Supplier<UpdateControl<R>> work) {
        String kind = HasMetadata.getKind(resource.getClass());
        Timer.Sample sample = Timer.start(registry);
        try {
            UpdateControl<R> control = work.get();
            gauges.observe(control.getResource().orElse(resource));
            return control;
        } catch (RuntimeException e) {
            errors(kind).increment();
            throw e;
        } finally {
            sample.stop(timer(kind));
        }
    }

    /** The status gauges of one kind, from the resources its cache holds (which notices deletions). */
    void sync(String kind, java.util.stream.Stream<? extends HasMetadata> resources) {
        gauges.sync(kind, resources);
    }

    /** Brings the status gauges in step with the caches of the kinds reconciled so far. */
    void syncAll() {
        try {
            caches.forEach((kind, cache) -> sync(kind, cache.list()));
        } catch (RuntimeException e) {
            // A gauge refresh must never stop the refreshing; the next run tries again.
            org.jboss.logging.Logger.getLogger(OperatorMetrics.class).debug("metrics sync failed", e);
        }
    }

    private Timer timer(String kind) {
        return Timer.builder(micrometer(OperatorMetricNames.RECONCILE_SECONDS))
                .description("Reconciles of the kind and how long they took")
                .tag(OperatorMetricNames.KIND_LABEL, kind).serviceLevelObjectives(BUCKETS).register(registry);
    }

    private Counter errors(String kind) {
        return Counter.builder(micrometer(OperatorMetricNames.RECONCILE_ERRORS))
                .description("Reconciles of the kind that ended in an exception")
                .tag(OperatorMetricNames.KIND_LABEL, kind).register(registry);
    }

    @PreDestroy
    void stop() {
        syncer.shutdownNow();
        series.unregister(gauges);
    }
}
