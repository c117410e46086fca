package dev.tributary.operator.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The operator's default Kafka cluster ({@code tributary.kafka.*}, or TRIBUTARY_KAFKA_* environment variables).
 * Credentials are named as Secrets, never given as values.
 */
@ConfigMapping(prefix = "tributary.kafka")
public interface KafkaClusterConfig {

    /** host:port list of the brokers. */
    String bootstrapServers();

    /** PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
    @WithDefault("PLAINTEXT")
    String securityProtocol();

    /** PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, with a SASL protocol. */
    @WithDefault("SCRAM-SHA-512")
    String saslMechanism();

    /** namespace/name of a Secret with keys username and password, for SASL. */
    Optional<String> credentialsSecret();

    /** namespace/name/key of a Secret key holding the brokers' CA certificate(s) in PEM, for SSL. */
    Optional<String> caCertificate();

    /** How long one Kafka request may take before Kafka counts as unavailable. */
    @WithDefault("10s")
    Duration requestTimeout();
}
