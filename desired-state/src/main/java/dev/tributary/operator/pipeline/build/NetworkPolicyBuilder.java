package dev.tributary.operator.pipeline.build;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.v1alpha1.Pipeline;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who may talk to a Pipeline's pods and whom they may reach. In: its own JobManager and TaskManagers (RPC, blobs,
 * data exchange), the operator's namespace on the REST and metrics ports, and the configured metrics namespaces on
 * the metrics port. Out: its own pods, DNS, the Kafka bootstrap ports, and the ports of its sinks' endpoints
 * (JDBC, webhook, object store). NetworkPolicies match addresses, not host names, so egress is by port.
 */
public final class NetworkPolicyBuilder {

    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    static final int DNS_PORT = 53;
    static final int DEFAULT_KAFKA_PORT = 9092;
    static final int HTTPS_PORT = 443;
    static final int HTTP_PORT = 80;
    static final int POSTGRES_PORT = 5432;
    static final int HDFS_PORT = 8020;

    private NetworkPolicyBuilder() {
    }

    public static NetworkPolicy build(Pipeline pipeline, PipelinePlan plan, PipelineDeploymentSettings settings) {
        NetworkPolicyPeer ownPods = new NetworkPolicyPeerBuilder()
                .withPodSelector(selector(PipelineLabels.selector(pipeline))).build();
        List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
        ingress.add(new NetworkPolicyIngressRuleBuilder().withFrom(ownPods).build());
        ingress.add(new NetworkPolicyIngressRuleBuilder()
                .withFrom(namespace(settings.operatorNamespace()))
                .withPorts(tcp(FlinkSettings.REST_PORT), tcp(FlinkSettings.METRICS_PORT))
                .build());
        if (!settings.metricsNamespaces().isEmpty()) {
            ingress.add(new NetworkPolicyIngressRuleBuilder()
                    .withFrom(settings.metricsNamespaces().stream().map(NetworkPolicyBuilder::namespace).toList())
                    .withPorts(tcp(FlinkSettings.METRICS_PORT))
                    .build());
        }
        List<NetworkPolicyEgressRule> egress = new ArrayList<>();
        egress.add(new NetworkPolicyEgressRuleBuilder().withTo(ownPods).build());
        egress.add(new NetworkPolicyEgressRuleBuilder()
                .withPorts(port("UDP", DNS_PORT), port("TCP", DNS_PORT))
                .build());
        SortedSet<Integer> endpoints = endpointPorts(plan);
        if (!endpoints.isEmpty()) {
            egress.add(new NetworkPolicyEgressRuleBuilder()
                    .withPorts(endpoints.stream().map(NetworkPolicyBuilder::tcp).toList())
                    .build());
        }
        return new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder()
                .withMetadata(Children.metadata(pipeline, PipelineNames.pipelineWide(pipeline), PipelineLabels.of(pipeline)))
                .withNewSpec()
                .withPodSelector(selector(PipelineLabels.selector(pipeline)))
                .withPolicyTypes("Ingress", "Egress")
                .withIngress(ingress)
                .withEgress(egress)
                .endSpec()
                .build();
    }

    /** The TCP ports the job connects to outside the cluster's DNS: Kafka brokers and sink endpoints. */
    static SortedSet<Integer> endpointPorts(PipelinePlan plan) {
        SortedSet<Integer> ports = new TreeSet<>();
        if (plan.kafka() != null && plan.kafka().bootstrapServers() != null) {
            for (String server : plan.kafka().bootstrapServers().split(",")) {
                if (!server.isBlank()) {
                    ports.add(hostPort(server.trim()));
                }
            }
        }
        if (plan.checkpoints() != null) {
            objectStorePort(plan.checkpoints().directory()).ifPresent(ports::add);
        }
        for (SinkPlan sink : plan.sinks()) {
            if (sink.jdbc() != null) {
                ports.add(uriPort(sink.jdbc().url().replaceFirst("^jdbc:", ""), POSTGRES_PORT));
            }
            if (sink.webhook() != null) {
                ports.add(uriPort(sink.webhook().url(), sink.webhook().url().startsWith("http:") ? HTTP_PORT : HTTPS_PORT));
            }
            if (sink.filesystem() != null) {
                objectStorePort(sink.filesystem().path()).ifPresent(ports::add);
            }
        }
        return ports;
    }

    /** {@code host:port}, optionally with a listener prefix ({@code SASL_SSL://host:port}). */
    private static int hostPort(String server) {
        int colon = server.lastIndexOf(':');
        if (colon < 0 || server.endsWith("]")) {
            return DEFAULT_KAFKA_PORT;
        }
        try {
            return Integer.parseInt(server.substring(colon + 1));
        } catch (NumberFormatException e) {
            return DEFAULT_KAFKA_PORT;
        }
    }

    private static java.util.Optional<Integer> objectStorePort(String uri) {
        if (uri == null || uri.startsWith("file:") || uri.startsWith("/") || !uri.contains("://")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(uriPort(uri, uri.startsWith("hdfs:") ? HDFS_PORT : HTTPS_PORT));
    }

    private static int uriPort(String uri, int defaultPort) {
        try {
            int port = URI.create(uri).getPort();
            return port > 0 ? port : defaultPort;
        } catch (IllegalArgumentException e) {
            return defaultPort;
        }
    }

    private static NetworkPolicyPeer namespace(String name) {
        return new NetworkPolicyPeerBuilder().withNamespaceSelector(selector(Map.of(NAMESPACE_NAME_LABEL, name))).build();
    }

    private static LabelSelector selector(Map<String, String> labels) {
        return new LabelSelectorBuilder().withMatchLabels(labels).build();
    }

    private static NetworkPolicyPort tcp(int port) {
        return port("TCP", port);
    }

    private static NetworkPolicyPort port(String protocol, int port) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(port)).build();
    }
}
