package dev.tributary.runtime;

import dev.tributary.api.plan.KafkaConnectionPlan;
import java.util.Locale;
import java.util.Properties;

/**
 * Kafka client settings from the plan: bootstrap servers, the plan's client properties, SASL credentials and the CA
 * certificate to trust for TLS, both read from mounted Secrets.
 */
public final class KafkaClientProperties {

    private KafkaClientProperties() {
    }

    public static Properties of(KafkaConnectionPlan kafka, Secrets secrets) {
        Properties props = new Properties();
        props.putAll(kafka.properties());
        props.setProperty("bootstrap.servers", kafka.bootstrapServers());
        if (kafka.saslCredentials() != null) {
            String mechanism = props.getProperty("sasl.mechanism", "PLAIN").toUpperCase(Locale.ROOT);
            String module = mechanism.startsWith("SCRAM")
                    ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                    : "org.apache.kafka.common.security.plain.PlainLoginModule";
            props.setProperty("sasl.mechanism", mechanism);
            props.putIfAbsent("security.protocol", "SASL_SSL");
            props.setProperty("sasl.jaas.config", module + " required username=\""
                    + escape(secrets.username(kafka.saslCredentials())) + "\" password=\""
                    + escape(secrets.password(kafka.saslCredentials())) + "\";");
        }
        if (kafka.caCertificate() != null) {
            props.setProperty("ssl.truststore.type", "PEM");
            props.setProperty("ssl.truststore.certificates", secrets.read(kafka.caCertificate()));
        }
        return props;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
