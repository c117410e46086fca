package dev.tributary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.v1alpha1.Dashboard;
import dev.tributary.e2e.cluster.ClusterTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator watching a list of namespaces (the chart's {@code watchNamespaces}) runs one informer per namespace
 * and kind. Each must keep its own namespace's objects: a cache store shared by them would drop, on each one's list,
 * what the others listed (the Operator SDK gives an event source's item store to all of them; see
 * {@code PrunedCaches}). Dashboards read the Pipelines of their namespace from such a cache, so a Dashboard in each
 * namespace, made before the operator starts, must show its Pipelines once it has, and keep showing them.
 */
@ClusterTest
class SeveralWatchedNamespacesE2E {

    private static final List<String> NAMESPACES = List.of("watched-east", "watched-west");
    private static final Duration RESYNC = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension
    static final OperatorSuite suite = new OperatorSuite("several-watched-namespaces-e2e");

    private static OperatorProcess operator;

    @BeforeAll
    static void start() {
        for (String namespace : NAMESPACES) {
            suite.namespace(namespace);
            // After the operator (closed later, as it was started later): its test data goes with the namespace.
            suite.closeAfterAll(() -> assertThat(suite.cluster().kubectl("delete", "namespace", namespace,
                    "--wait=false").succeeded()).as("namespace " + namespace + " deleted").isTrue());
            suite.cluster().apply(namespace, pipeline("orders") + pipeline("refunds") + """
                    apiVersion: tributary.dev/v1alpha1
                    kind: Dashboard
                    metadata: {name: shop}
                    spec:
                      pipelines: {names: [orders, refunds]}
                    """);
        }
        operator = suite.operator(Map.of(
                "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9",
                "TRIBUTARY_RESYNC_PERIOD", RESYNC.toSeconds() + "s",
                "TRIBUTARY_WATCH_NAMESPACES", String.join(",", NAMESPACES)));
    }

    @Test
    void eachNamespacesDashboardShowsItsPipelinesFromTheStartAndAfterTheOthersChange() throws Exception {
        for (String namespace : NAMESPACES) {
            awaitPipelines(namespace, List.of("orders", "refunds"));
        }
        // An update in one namespace, and resyncs: the other namespace's Dashboard still finds its Pipelines.
        suite.cluster().apply(NAMESPACES.get(1), pipeline("returns"));
        Thread.sleep(RESYNC.multipliedBy(3).toMillis());
        for (String namespace : NAMESPACES) {
            awaitPipelines(namespace, List.of("orders", "refunds"));
        }
        // And the operator started again lists both namespaces again.
        operator.close();
        operator.start();
        suite.cluster().client().resources(Dashboard.class).inNamespace(NAMESPACES.get(0)).withName("shop")
                .edit(d -> {
                    d.getSpec().pipelines.names = List.of("orders");
                    return d;
                });
        suite.cluster().client().resources(Dashboard.class).inNamespace(NAMESPACES.get(1)).withName("shop")
                .edit(d -> {
                    d.getSpec().pipelines.names = List.of("refunds", "returns");
                    return d;
                });
        awaitPipelines(NAMESPACES.get(0), List.of("orders"));
        awaitPipelines(NAMESPACES.get(1), List.of("refunds", "returns"));
    }

    private static void awaitPipelines(String namespace, List<String> names) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).alias(namespace + "/shop shows " + names)
                .untilAsserted(() -> {
                    Dashboard d = suite.cluster().client().resources(Dashboard.class).inNamespace(namespace)
                            .withName("shop").get();
                    assertThat(d.getStatus()).isNotNull();
                    assertThat(d.getStatus().observedGeneration).isEqualTo(d.getMetadata().getGeneration());
                    assertThat(d.getStatus().pipelines).isEqualTo(names);
                    assertThat(d.getStatus().pipelineCount).isEqualTo(names.size());
                });
    }

    private static String pipeline(String name) {
        return """
                apiVersion: tributary.dev/v1alpha1
                kind: Pipeline
                metadata: {name: %s}
                spec:
                  sources: [clicks]
                  sinks: [out]
                  sql: INSERT INTO out SELECT * FROM clicks
                ---
                """.formatted(name);
    }
}
