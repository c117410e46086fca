package dev.tributary.api.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * How to reach Kafka: bootstrap servers, non-secret client properties (security.protocol, sasl.mechanism, ...),
 * SASL credentials by Secret reference, and the CA certificate(s) (PEM) to trust for TLS by Secret reference (none:
 * the JVM's default trust store).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KafkaConnectionPlan(String bootstrapServers, Map<String, String> properties,
        SecretCredentials saslCredentials, SecretKeyPlan caCertificate) {

    public KafkaConnectionPlan {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public static KafkaConnectionPlan plaintext(String bootstrapServers) {
        return new KafkaConnectionPlan(bootstrapServers, Map.of(), null, null);
    }
}
