package dev.tributary.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.flink.metrics.prometheus.LoopbackPrometheusReporter;
import org.junit.jupiter.api.Test;

class LoopbackPrometheusReporterTest {

    @Test
    void listensOn127001OnlyAndServesMetrics() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("port", "0");
        LoopbackPrometheusReporter reporter = (LoopbackPrometheusReporter) new LoopbackPrometheusReporterFactory()
                .createMetricReporter(properties);
        try {
            int port = reporter.port();
            List<InetAddress> addresses = listeningAddresses(port);
            assertThat(addresses).as("local addresses listening on port %d", port).isNotEmpty()
                    .allMatch(InetAddress::isLoopbackAddress);
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
        } finally {
            reporter.close();
        }
    }

    /** The local addresses of sockets listening on {@code port}, from /proc/net/tcp and tcp6. */
    private static List<InetAddress> listeningAddresses(int port) throws IOException {
        String hexPort = String.format("%04X", port);
        return java.util.stream.Stream.of("/proc/net/tcp", "/proc/net/tcp6").map(Path::of).filter(Files::exists)
                .flatMap(file -> {
                    try {
                        return Files.readAllLines(file).stream().skip(1);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .map(line -> line.trim().split("\\s+"))
                .filter(f -> f[3].equals("0A") && f[1].endsWith(":" + hexPort))
                .map(f -> address(f[1].substring(0, f[1].indexOf(':')))).toList();
    }

    /** /proc writes an address as 32-bit words in host (little-endian) order. */
    private static InetAddress address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - i) * 2,
                        word * 8 + (3 - i) * 2 + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(hex, e);
        }
    }
}
