package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Flink's Prometheus reporter, listening on 127.0.0.1 only: Flink's own binds every interface and has no setting for
 * the address. For local runs (a MiniCluster, {@code tributary dev}), whose metrics are for this machine only. It
 * lives in Flink's package because the registry the base class fills is package-private.
 */
public final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {

    private final HTTPServer server;

    public LoopbackPrometheusReporter(int port) {
        try {
            server = new HTTPServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), registry, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve Prometheus metrics on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.stop();
        super.close();
    }
}
