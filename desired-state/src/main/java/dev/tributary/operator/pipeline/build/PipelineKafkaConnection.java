package dev.tributary.operator.pipeline.build;

import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.SecretCredentials;
import dev.tributary.api.plan.SecretKeyPlan;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a Pipeline's pods reach the operator's default Kafka cluster: its bootstrap servers and security protocol, the
 * SASL mechanism, and the credentials Secret and the CA certificate's Secret key by reference when they live in the
 * Pipeline's namespace.
 */
public final class PipelineKafkaConnection {

    private PipelineKafkaConnection() {
    }

    /**
     * @param credentialsSecret {@code namespace/name} of a Secret with keys username and password, for SASL
     * @param caCertificate {@code namespace/name/key} of a Secret key with the brokers' CA (PEM), for TLS
     */
    public static KafkaConnectionPlan plan(String namespace, String bootstrapServers, String securityProtocol,
            String saslMechanism, Optional<String> credentialsSecret, Optional<String> caCertificate) {
        if ("PLAINTEXT".equals(securityProtocol)) {
            return KafkaConnectionPlan.plaintext(bootstrapServers);
        }
        Map<String, String> properties = new TreeMap<>();
        properties.put("security.protocol", securityProtocol);
        SecretCredentials credentials = null;
        if (securityProtocol.startsWith("SASL")) {
            properties.put("sasl.mechanism", saslMechanism);
            // Pods mount Secrets of their own namespace only: the credentials Secret counts when it lives there.
            credentials = credentialsSecret.filter(ref -> ref.startsWith(namespace + "/"))
                    .map(ref -> new SecretCredentials(ref.substring(namespace.length() + 1), "username", "password"))
                    .orElse(null);
        }
        SecretKeyPlan ca = null;
        if (securityProtocol.endsWith("SSL")) {
            ca = caCertificate.filter(ref -> ref.startsWith(namespace + "/") && ref.split("/", 3).length == 3)
                    .map(ref -> ref.split("/", 3)).map(ref -> new SecretKeyPlan(ref[1], ref[2])).orElse(null);
        }
        return new KafkaConnectionPlan(bootstrapServers, properties, credentials, ca);
    }
}
