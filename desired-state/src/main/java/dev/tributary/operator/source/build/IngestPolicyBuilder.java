package dev.tributary.operator.source.build;

import dev.tributary.api.plan.IngestPlan;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.pipeline.build.PipelineDeploymentSettings;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The ingest pods' PodDisruptionBudget (a drain takes one at a time; the others keep serving) and NetworkPolicy:
 * in, anyone on the records port (it is an entry point; tokens guard it) and the operator's and metrics namespaces
 * on the management port; out, DNS and the Kafka bootstrap ports only.
 */
final class IngestPolicyBuilder {

    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    static final int DNS_PORT = 53;
    static final int DEFAULT_KAFKA_PORT = 9092;

    private IngestPolicyBuilder() {
    }

    static PodDisruptionBudget disruptionBudget(Source source) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(IngestChildren.metadata(source))
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector().withMatchLabels(IngestChildren.selector(source)).endSelector()
                .endSpec()
                .build();
    }

    static NetworkPolicy networkPolicy(Source source, IngestPlan plan, PipelineDeploymentSettings settings) {
        List<NetworkPolicyPeer> scrapers = new ArrayList<>();
        scrapers.add(namespace(settings.operatorNamespace()));
        settings.metricsNamespaces().forEach(ns -> scrapers.add(namespace(ns)));
        SortedSet<Integer> kafkaPorts = new TreeSet<>();
        for (String server : plan.kafka().bootstrapServers().split(",")) {
            kafkaPorts.add(port(server.trim()));
        }
        return new NetworkPolicyBuilder()
                .withMetadata(IngestChildren.metadata(source))
                .withNewSpec()
                .withPodSelector(new LabelSelectorBuilder().withMatchLabels(IngestChildren.selector(source)).build())
                .withPolicyTypes("Ingress", "Egress")
                .withIngress(new NetworkPolicyIngressRuleBuilder().withPorts(tcp(IngestChildren.PORT)).build(),
                        new NetworkPolicyIngressRuleBuilder().withFrom(scrapers)
                                .withPorts(tcp(IngestChildren.MANAGEMENT_PORT)).build())
                .addNewEgress().withPorts(new NetworkPolicyPortBuilder().withProtocol("UDP")
                        .withPort(new IntOrString(DNS_PORT)).build(), tcp(DNS_PORT)).endEgress()
                .addNewEgress().withPorts(kafkaPorts.stream().map(IngestPolicyBuilder::tcp).toList()).endEgress()
                .endSpec()
                .build();
    }

    private static int port(String server) {
        int colon = server.lastIndexOf(':');
        try {
            return colon < 0 ? DEFAULT_KAFKA_PORT : Integer.parseInt(server.substring(colon + 1));
        } catch (NumberFormatException e) {
            return DEFAULT_KAFKA_PORT;
        }
    }

    private static NetworkPolicyPeer namespace(String name) {
        return new NetworkPolicyPeerBuilder().withNamespaceSelector(new LabelSelectorBuilder()
                .withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, name)).build()).build();
    }

    private static NetworkPolicyPort tcp(int port) {
        return new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(port)).build();
    }
}
