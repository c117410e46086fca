package dev.tributary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @TempDir
    Path dir;

    @Test
    void servesProducersAndConsumersAndKeepsDataAcrossARestart() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir)) {
            try (Admin admin = broker.admin()) {
                admin.createTopics(List.of(new NewTopic("t", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            produce(broker.bootstrapServers(), "t", "one");
            broker.restart();
            produce(broker.bootstrapServers(), "t", "two");
            assertThat(consume(broker.bootstrapServers(), "t", 2)).containsExactlyInAnyOrder("one", "two");
        }
    }

    @Test
    void doesNotCreateTopicsBehindTheOperatorsBack() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir, Map.of("transaction.max.timeout.ms", "60000"));
                Admin admin = broker.admin()) {
            assertThatThrownBy(() -> admin.describeTopics(List.of("never-created")).allTopicNames().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
            assertThat(admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.BROKER, "1"))).all().get(30, TimeUnit.SECONDS)
                    .values().iterator().next().get("transaction.max.timeout.ms").value()).isEqualTo("60000");
        }
    }

    @Test
    void aSaslBrokerServesOnlyClientsThatLogIn() throws Exception {
        try (KafkaBroker broker = KafkaBroker.startWithSaslPlain(dir, Map.of("admin", "admin-pw", "alice", "alice-pw"))) {
            try (Admin admin = broker.admin()) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("t");
            }
            try (Admin wrongPassword = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" password=\"nope\";"))) {
                assertThatThrownBy(() -> wrongPassword.listTopics().names().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
            }
        }
    }

    @Test
    void aTlsBrokerServesClientsThatTrustItsCaAndNoOthers() throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.create(dir.resolve("ca"), "tributary-test-ca");
        LocalCertificateAuthority other = LocalCertificateAuthority.create(dir.resolve("other-ca"), "someone-else");
        try (KafkaBroker broker = KafkaBroker.startWithTls(dir.resolve("kafka"), ca)) {
            assertThat(broker.clientConfig()).containsEntry("security.protocol", "SSL");
            try (Admin admin = broker.admin()) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("t");
            }
            try (Admin plaintext = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "request.timeout.ms", "3000", "default.api.timeout.ms", "5000"))) {
                assertThatThrownBy(() -> plaintext.listTopics().names().get(30, TimeUnit.SECONDS))
                        .as("a client that does not speak TLS").isInstanceOf(Exception.class);
            }
            try (Admin wrongCa = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "security.protocol", "SSL", "ssl.truststore.type", "PEM",
                    "ssl.truststore.certificates", other.certificatePem()))) {
                assertThatThrownBy(() -> wrongCa.listTopics().names().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(org.apache.kafka.common.errors.SslAuthenticationException.class);
            }
        }
    }

    @Test
    void aSaslSslBrokerNeedsBothTheCaAndTheLogin() throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.create(dir.resolve("ca"), "tributary-test-ca");
        try (KafkaBroker broker = KafkaBroker.startWithSaslSsl(dir.resolve("kafka"),
                Map.of("admin", "admin-pw", "alice", "alice-pw"), ca)) {
            try (Admin admin = broker.admin()) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (Admin wrongPassword = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "security.protocol", "SASL_SSL", "ssl.truststore.type", "PEM",
                    "ssl.truststore.certificates", ca.certificatePem(), "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" password=\"nope\";"))) {
                assertThatThrownBy(() -> wrongPassword.listTopics().names().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
            }
        }
    }

    @Test
    void aBrokerProcessCanBeKilledAndComeBack() throws Exception {
        try (KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, Map.of()).start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            produce(broker.bootstrapServers(), "t", "before");
            broker.kill();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "request.timeout.ms", "2000", "default.api.timeout.ms", "3000"))) {
                assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS)).as("broker is down")
                        .isInstanceOf(Exception.class);
            }
            broker.start();
            produce(broker.bootstrapServers(), "t", "after");
            assertThat(consume(broker.bootstrapServers(), "t", 2)).containsExactly("before", "after");
        }
    }

    private static void produce(String bootstrap, String topic, String value) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> consume(String bootstrap, String topic, int count) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "test-" + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        List<String> values = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < count && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                records.forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
