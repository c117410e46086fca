package dev.tributary.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.SecretCredentials;
import dev.tributary.api.plan.SecretKeyPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @TempDir
    Path dir;

    @Test
    void readsMountedKeysWithoutTrailingLineBreaksAndBuildsSaslSettings() throws Exception {
        Files.createDirectories(dir.resolve("kafka-user"));
        Files.writeString(dir.resolve("kafka-user").resolve("username"), "app\n");
        Files.writeString(dir.resolve("kafka-user").resolve("password"), "p\"w\r\n");
        Secrets secrets = Secrets.fromEnvironment(Map.of(Secrets.ENV, dir.toString()));
        assertThat(secrets.read("kafka-user", "username")).isEqualTo("app");
        Properties props = KafkaClientProperties.of(new KafkaConnectionPlan("k:9093",
                Map.of("sasl.mechanism", "SCRAM-SHA-512"), new SecretCredentials("kafka-user", "username", "password"), null),
                secrets);
        assertThat(props).containsEntry("bootstrap.servers", "k:9093").containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"app\" password=\"p\\\"w\";");
    }

    @Test
    void trustsTheMountedCaCertificateForTls() throws Exception {
        Files.createDirectories(dir.resolve("kafka-ca"));
        String pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
        Files.writeString(dir.resolve("kafka-ca").resolve("ca.crt"), pem + "\n");
        Properties props = KafkaClientProperties.of(new KafkaConnectionPlan("k:9093", Map.of("security.protocol", "SSL"),
                null, new SecretKeyPlan("kafka-ca", "ca.crt")), new Secrets(dir));
        assertThat(props).containsEntry("ssl.truststore.type", "PEM").containsEntry("ssl.truststore.certificates", pem)
                .containsEntry("security.protocol", "SSL");
    }

    @Test
    void saysWhereAMissingSecretWasExpected() {
        assertThatThrownBy(() -> new Secrets(dir).read("pg", "password"))
                .hasMessageContaining("cannot read key 'password' of Secret 'pg' at " + dir.resolve("pg/password"))
                .hasMessageContaining("TRIBUTARY_SECRETS_DIR");
    }
}
