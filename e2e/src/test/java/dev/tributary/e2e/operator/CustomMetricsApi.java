package dev.tributary.e2e.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.tributary.local.FreePorts;
import dev.tributary.local.LocalCertificateAuthority;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A tiny {@code custom.metrics.k8s.io/v1beta2} API served from the test JVM over HTTPS, so the controller-manager's
 * HPA controller has a metric to act on without a metrics adapter: the test registers it with an
 * {@code APIService} whose Service is an {@code ExternalName} for localhost (the aggregator resolves those to the
 * name itself) and sets each object's metric value by hand. It answers discovery and object metrics only.
 */
final class CustomMetricsApi implements AutoCloseable {

    static final String GROUP_VERSION = "custom.metrics.k8s.io/v1beta2";

    private final HttpsServer server;
    private final Map<String, Long> values = new ConcurrentHashMap<>();
    private final AtomicInteger metricReads = new AtomicInteger();

    private CustomMetricsApi(HttpsServer server) {
        this.server = server;
    }

    static CustomMetricsApi start(Path dir) throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.create(dir, "custom-metrics-ca");
        Path store = ca.serverKeyStore("custom-metrics");
        char[] password = LocalCertificateAuthority.STORE_PASSWORD.toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password);
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        CustomMetricsApi api = new CustomMetricsApi(server);
        server.createContext("/", api::handle);
        server.start();
        return api;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The value the object {@code namespace/resource/name} reports for {@code metric}, e.g. pipelines.tributary.dev. */
    void set(String namespace, String resource, String name, String metric, long value) {
        values.put(namespace + "/" + resource + "/" + name + "/" + metric, value);
    }

    /** How often a metric value was read (by the HPA controller, through the aggregator). */
    int metricReads() {
        return metricReads.get();
    }

    /** The APIService, and the ExternalName Service it points at, that make the API server proxy to this server. */
    String registration() {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: test-custom-metrics, namespace: default}
                spec: {type: ExternalName, externalName: localhost}
                ---
                apiVersion: apiregistration.k8s.io/v1
                kind: APIService
                metadata: {name: v1beta2.custom.metrics.k8s.io}
                spec:
                  group: custom.metrics.k8s.io
                  version: v1beta2
                  service: {name: test-custom-metrics, namespace: default, port: %d}
                  insecureSkipTLSVerify: true
                  groupPriorityMinimum: 100
                  versionPriority: 100
                """.formatted(port());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String prefix = "/apis/" + GROUP_VERSION;
        if (path.equals(prefix) || path.equals(prefix + "/")) {
            respond(exchange, 200, """
                    {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"%s","resources":[
                     {"name":"pipelines.tributary.dev/backlog","singularName":"","namespaced":true,
                      "kind":"MetricValueList","verbs":["get"]}]}""".formatted(GROUP_VERSION));
            return;
        }
        String[] parts = path.startsWith(prefix + "/namespaces/") ? path.substring(prefix.length() + 1).split("/")
                : new String[0];
        // namespaces/<ns>/<resource>/<name>/<metric>
        if (parts.length == 5) {
            Long value = values.get(parts[1] + "/" + parts[2] + "/" + parts[3] + "/" + parts[4]);
            if (value != null) {
                metricReads.incrementAndGet();
                respond(exchange, 200, """
                        {"kind":"MetricValueList","apiVersion":"%s","metadata":{},"items":[{
                         "describedObject":{"kind":"Pipeline","namespace":"%s","name":"%s","apiVersion":"tributary.dev/v1alpha1"},
                         "metric":{"name":"%s"},"timestamp":"%s","value":"%d"}]}""".formatted(GROUP_VERSION,
                        parts[1], parts[3], parts[4], Instant.now().toString(), value));
                return;
            }
        }
        respond(exchange, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404}");
    }

    private static void respond(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
