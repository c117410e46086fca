package dev.tributary.runtime;

import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Properties;
import org.apache.flink.metrics.prometheus.LoopbackPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.util.PortRange;

/**
 * Creates a {@link LoopbackPrometheusReporter} on the first free port of the configured {@code port} (a port or a
 * range, as for Flink's reporter).
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        String ports = properties.getProperty("port", "9249");
        Iterator<Integer> candidates = new PortRange(ports).getPortsIterator();
        UncheckedIOException last = null;
        while (candidates.hasNext()) {
            try {
                return new LoopbackPrometheusReporter(candidates.next());
            } catch (UncheckedIOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("no free port for Prometheus metrics on 127.0.0.1 in " + ports, last);
    }
}
