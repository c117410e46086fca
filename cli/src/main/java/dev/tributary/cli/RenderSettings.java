package dev.tributary.cli;

import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.operator.pipeline.build.PipelineDeploymentSettings;
import dev.tributary.operator.pipeline.build.PipelineKafkaConnection;
import java.util.List;
import java.util.Optional;

/**
 * The operator's configuration that shapes what it makes, as {@code tributary render} takes it from flags; the
 * defaults are the operator's own (its application.properties and configuration defaults).
 */
public record RenderSettings(String image, String bootstrapServers, String securityProtocol, String saslMechanism,
        Optional<String> credentialsSecret, Optional<String> caCertificate, String operatorNamespace,
        List<String> metricsNamespaces) {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    public static final String DEFAULT_SECURITY_PROTOCOL = "PLAINTEXT";
    public static final String DEFAULT_SASL_MECHANISM = "SCRAM-SHA-512";
    static final List<String> SECURITY_PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    static final List<String> SASL_MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    public static RenderSettings defaults() {
        return new RenderSettings(PipelineDeploymentSettings.DEFAULT_IMAGE, DEFAULT_BOOTSTRAP_SERVERS,
                DEFAULT_SECURITY_PROTOCOL, DEFAULT_SASL_MECHANISM, Optional.empty(), Optional.empty(),
                PipelineDeploymentSettings.DEFAULT_OPERATOR_NAMESPACE, List.of());
    }

    PipelineDeploymentSettings deployment() {
        return new PipelineDeploymentSettings(image, null, operatorNamespace, metricsNamespaces);
    }

    KafkaConnectionPlan kafkaFor(String namespace) {
        return PipelineKafkaConnection.plan(namespace, bootstrapServers, securityProtocol, saslMechanism,
                credentialsSecret, caCertificate);
    }

    /** One line for the rendered output's header. */
    String describe() {
        return "image " + image + ", Kafka " + bootstrapServers + " (" + securityProtocol
                + (securityProtocol.startsWith("SASL") ? " " + saslMechanism : "") + ")"
                + credentialsSecret.map(s -> ", credentials Secret " + s).orElse("")
                + caCertificate.map(s -> ", CA certificate " + s).orElse("")
                + ", operator namespace " + operatorNamespace
                + (metricsNamespaces.isEmpty() ? "" : ", metrics namespaces " + String.join(",", metricsNamespaces));
    }
}
