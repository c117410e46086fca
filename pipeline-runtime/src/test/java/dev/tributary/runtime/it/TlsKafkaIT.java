package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.ParallelismPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.api.plan.SecretCredentials;
import dev.tributary.api.plan.SecretKeyPlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.local.KafkaBroker;
import dev.tributary.local.LocalCertificateAuthority;
import dev.tributary.runtime.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A Pipeline against a broker that speaks only SASL_SSL, trusting the CA certificate and logging in with the
 * credentials from mounted Secrets, exactly-once: the records arrive, once each.
 */
class TlsKafkaIT {

    private static final int RECORDS = 300;

    @Test
    void aPipelineReadsAndWritesThroughTlsWithTheCaAndLoginFromSecrets() throws Exception {
        Path dir = Services.target().resolve("tls-" + System.currentTimeMillis());
        LocalCertificateAuthority ca = LocalCertificateAuthority.create(dir.resolve("ca"), "tributary-it-ca");
        try (KafkaBroker broker = KafkaBroker.startWithSaslSsl(dir.resolve("kafka"),
                Map.of("admin", "admin-pw", "app", "app-pw"), ca)) {
            Path secrets = dir.resolve("secrets");
            Files.createDirectories(secrets.resolve("kafka-ca"));
            Files.createDirectories(secrets.resolve("kafka-user"));
            Files.writeString(secrets.resolve("kafka-ca").resolve("ca.crt"), ca.certificatePem());
            Files.writeString(secrets.resolve("kafka-user").resolve("username"), "app");
            Files.writeString(secrets.resolve("kafka-user").resolve("password"), "app-pw\n");

            Topics topics = new Topics(broker.clientConfig());
            topics.create(2, "tls.events", "tls.out", "tls.dlq");
            topics.produce("tls.events", IntStream.range(0, RECORDS)
                    .mapToObj(i -> "{\"id\": " + i + "}").toList());

            KafkaConnectionPlan kafka = new KafkaConnectionPlan(broker.bootstrapServers(),
                    Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"),
                    new SecretCredentials("kafka-user", "username", "password"), new SecretKeyPlan("kafka-ca", "ca.crt"));
            PipelinePlan plan = new PipelinePlan(PipelinePlan.CURRENT_VERSION, "test", "tls", kafka,
                    List.of(Plans.source("events", "tls.events", RecordFormat.JSON, Plans.fields("id", "BIGINT"), null, 0)),
                    List.of(Plans.kafkaSink("tls", "out", "tls.out", List.of())),
                    "INSERT INTO `out` SELECT id * 10 AS id FROM events",
                    Plans.checkpoints(dir, 1000, DeliveryGuarantee.EXACTLY_ONCE), "tls.dlq",
                    new ParallelismPlan(2, 1, 2), Map.of());
            Files.writeString(dir.resolve("plan.json"), PlanCodec.toJson(plan));
            RuntimeOptions options = RuntimeOptions.parse(new String[] {"--plan", dir.resolve("plan.json").toString(),
                    "--secrets-dir", secrets.toString()}, Map.of());

            try (InProcess job = InProcess.start(plan, dir, options)) {
                List<Long> ids = topics.readUntilCountOrQuiet("tls.out", RECORDS, Duration.ofSeconds(60),
                        Duration.ofMinutes(3)).stream()
                        .map(r -> Long.parseLong(Topics.text(r.value()).replaceAll("\\D", ""))).toList();
                assertThat(ids).hasSize(RECORDS);
                assertThat(Set.copyOf(ids)).isEqualTo(IntStream.range(0, RECORDS).mapToObj(i -> i * 10L)
                        .collect(Collectors.toSet()));
                System.out.printf("[tls] SASL_SSL broker, CA and login from mounted Secrets, exactly-once: %d of %d"
                        + " records arrived once each%n", ids.size(), RECORDS);
            }
        }
    }
}
