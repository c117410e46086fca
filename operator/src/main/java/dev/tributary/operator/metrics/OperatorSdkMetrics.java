package dev.tributary.operator.metrics;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The operator SDK's own metrics per controller, not per resource (the extension's default). Per resource they were
 * about 80 series and their histograms for every Pipeline, Source and Sink: 251,000 lines a scrape with 1,000
 * Pipelines (bench B5), a cardinality no Prometheus should be given. What a user asks of one Pipeline is in its
 * status and in the {@code tributary_*} gauges, which are per Pipeline.
 */
@Singleton
public class OperatorSdkMetrics {

    @Produces
    @Singleton
    Metrics perController(MeterRegistry registry) {
        return MicrometerMetrics.withoutPerResourceMetrics(registry);
    }
}
