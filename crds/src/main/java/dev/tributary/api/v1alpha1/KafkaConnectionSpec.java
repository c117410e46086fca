package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A Kafka cluster other than the operator's default one. Credentials come from Secrets in the same namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.saslMechanism) || (has(self.securityProtocol) && self.securityProtocol.startsWith('SASL_'))",
        fieldPath = ".saslMechanism", message = "saslMechanism needs securityProtocol SASL_PLAINTEXT or SASL_SSL")
@ValidationRule(value = "!has(self.securityProtocol) || !self.securityProtocol.startsWith('SASL_') || has(self.credentialsSecret)",
        fieldPath = ".credentialsSecret", message = "a SASL securityProtocol needs credentialsSecret with the user name and password")
public class KafkaConnectionSpec {

    /** How clients talk to the brokers. */
    public enum SecurityProtocol {
        PLAINTEXT,
        SSL,
        SASL_PLAINTEXT,
        SASL_SSL
    }

    /** How SASL authenticates. */
    public enum SaslMechanism {
        PLAIN,
        @JsonProperty("SCRAM-SHA-256")
        SCRAM_SHA_256,
        @JsonProperty("SCRAM-SHA-512")
        SCRAM_SHA_512
    }

    @Required
    @Size(min = 1, max = 2048)
    @Pattern("^[^\\s,]+:[0-9]+(,[^\\s,]+:[0-9]+)*$")
    @JsonPropertyDescription("Comma-separated host:port list of brokers, for example kafka-0.kafka:9092,kafka-1.kafka:9092.")
    public String bootstrapServers;

    @JsonPropertyDescription("PLAINTEXT (default), SSL, SASL_PLAINTEXT or SASL_SSL.")
    public SecurityProtocol securityProtocol;

    @JsonPropertyDescription("PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, with a SASL securityProtocol. Defaults to SCRAM-SHA-512.")
    public SaslMechanism saslMechanism;

    @JsonPropertyDescription("Secret with the SASL user name and password.")
    public CredentialsSecretRef credentialsSecret;

    @JsonPropertyDescription("Secret key holding the PEM certificate(s) of the CA that signed the brokers' certificates,"
            + " for SSL and SASL_SSL. Unset: the JVM's default trust store.")
    public SecretKeyRef caCertificate;
}
