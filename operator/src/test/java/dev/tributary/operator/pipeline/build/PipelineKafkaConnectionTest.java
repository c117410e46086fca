package dev.tributary.operator.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.SecretCredentials;
import dev.tributary.api.plan.SecretKeyPlan;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineKafkaConnectionTest {

    @Test
    void plaintextIsJustTheBootstrapServers() {
        KafkaConnectionPlan plan = PipelineKafkaConnection.plan("shop", "kafka:9092", "PLAINTEXT", "SCRAM-SHA-512",
                Optional.of("shop/kafka-user"), Optional.empty());

        assertThat(plan).isEqualTo(KafkaConnectionPlan.plaintext("kafka:9092"));
    }

    @Test
    void saslNamesTheMechanismAndTheCredentialsSecretOfThePipelinesNamespace() {
        KafkaConnectionPlan plan = PipelineKafkaConnection.plan("shop", "kafka:9093", "SASL_SSL", "PLAIN",
                Optional.of("shop/kafka-user"), Optional.empty());

        assertThat(plan.properties()).isEqualTo(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"));
        assertThat(plan.saslCredentials()).isEqualTo(new SecretCredentials("kafka-user", "username", "password"));
    }

    @Test
    void aCredentialsSecretOfAnotherNamespaceCannotBeMounted() {
        KafkaConnectionPlan plan = PipelineKafkaConnection.plan("shop", "kafka:9093", "SASL_PLAINTEXT",
                "SCRAM-SHA-256", Optional.of("tributary-system/kafka-user"), Optional.empty());

        assertThat(plan.saslCredentials()).isNull();
        assertThat(plan.properties()).containsEntry("sasl.mechanism", "SCRAM-SHA-256");
    }

    @Test
    void sslHasNoSaslMechanism() {
        KafkaConnectionPlan plan = PipelineKafkaConnection.plan("shop", "kafka:9093", "SSL", "PLAIN", Optional.empty(), Optional.empty());

        assertThat(plan.properties()).isEqualTo(Map.of("security.protocol", "SSL"));
        assertThat(plan.saslCredentials()).isNull();
    }

    @Test
    void tlsTrustsTheCaCertificateOfThePipelinesNamespaceAndMountsIt() {
        KafkaConnectionPlan plan = PipelineKafkaConnection.plan("shop", "kafka:9093", "SASL_SSL", "PLAIN",
                Optional.of("shop/kafka-user"), Optional.of("shop/kafka-ca/ca.crt"));

        assertThat(plan.caCertificate()).isEqualTo(new SecretKeyPlan("kafka-ca", "ca.crt"));
        assertThat(PipelineKafkaConnection.plan("shop", "kafka:9092", "SASL_PLAINTEXT", "PLAIN", Optional.empty(),
                Optional.of("shop/kafka-ca/ca.crt")).caCertificate()).as("no TLS, nothing to trust").isNull();
        assertThat(PipelineKafkaConnection.plan("shop", "kafka:9093", "SSL", "PLAIN", Optional.empty(),
                Optional.of("tributary-system/kafka-ca/ca.crt")).caCertificate()).as("not mountable").isNull();
    }
}
