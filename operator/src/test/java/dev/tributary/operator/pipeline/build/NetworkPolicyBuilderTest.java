package dev.tributary.operator.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.PipelineFixtures;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The network policy: a Pipeline's pods talk to each other, the operator, Prometheus, Kafka and their sinks. */
class NetworkPolicyBuilderTest {

    private final Pipeline pipeline = PipelineFixtures.pipeline();
    private final PipelinePlan plan = PipelineFixtures.plan(pipeline);
    private final NetworkPolicy policy = NetworkPolicyBuilder.build(pipeline, plan, PipelineFixtures.SETTINGS);

    private static List<String> ports(List<NetworkPolicyPort> ports) {
        return ports.stream().map(p -> p.getProtocol() + "/" + p.getPort().getIntVal()).toList();
    }

    @Test
    void itCoversEveryPodOfThePipelineBothWays() {
        assertThat(policy.getMetadata().getName()).isEqualTo("sessionize");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(PipelineLabels.selector(pipeline));
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    }

    @Test
    void jobManagerAndTaskManagersReachEachOther() {
        assertThat(policy.getSpec().getIngress().get(0).getFrom()).singleElement().satisfies(peer ->
                assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(PipelineLabels.selector(pipeline)));
        assertThat(policy.getSpec().getIngress().get(0).getPorts()).isNullOrEmpty();
        assertThat(policy.getSpec().getEgress().get(0).getTo()).singleElement().satisfies(peer ->
                assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(PipelineLabels.selector(pipeline)));
    }

    @Test
    void theOperatorReachesRestAndMetricsAndPrometheusScrapesMetrics() {
        var operator = policy.getSpec().getIngress().get(1);
        assertThat(operator.getFrom()).singleElement().satisfies(peer -> assertThat(peer.getNamespaceSelector()
                .getMatchLabels()).isEqualTo(Map.of("kubernetes.io/metadata.name", "tributary-system")));
        assertThat(ports(operator.getPorts())).containsExactly("TCP/8081", "TCP/9249");
        var scraping = policy.getSpec().getIngress().get(2);
        assertThat(scraping.getFrom()).singleElement().satisfies(peer -> assertThat(peer.getNamespaceSelector()
                .getMatchLabels()).isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring")));
        assertThat(ports(scraping.getPorts())).containsExactly("TCP/9249");
        assertThat(policy.getSpec().getIngress()).hasSize(3);
    }

    @Test
    void egressIsDnsKafkaAndTheSinksEndpoints() {
        assertThat(ports(policy.getSpec().getEgress().get(1).getPorts())).containsExactly("UDP/53", "TCP/53");
        var endpoints = policy.getSpec().getEgress().get(2);
        assertThat(endpoints.getTo()).isNullOrEmpty();
        assertThat(ports(endpoints.getPorts())).as("webhook https, postgres, kafka bootstrap")
                .containsExactly("TCP/443", "TCP/5433", "TCP/9093");
        assertThat(policy.getSpec().getEgress()).hasSize(3);
    }
}
