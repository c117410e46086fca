package dev.tributary.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.FilesystemSinkPlan;
import dev.tributary.api.plan.JdbcSinkPlan;
import dev.tributary.api.plan.KafkaSinkPlan;
import dev.tributary.api.plan.SecretCredentials;
import dev.tributary.api.plan.SecretKeyPlan;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.plan.WebhookSinkPlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.FilesystemSinkSpec;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.api.v1alpha1.SinkType;
import dev.tributary.runtime.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.TableDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkTablesTest {

    @TempDir
    Path dir;

    private static final List<SinkColumn> COLUMNS = List.of(new SinkColumn("user_id", DataTypes.STRING()),
            new SinkColumn("clicks", DataTypes.BIGINT().notNull()));

    private static Properties kafka() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", "kafka:9092");
        return p;
    }

    private static SinkPlan kafkaSink(List<String> keys) {
        return new SinkPlan("sessions", SinkType.KAFKA, new KafkaSinkPlan("shop.sessions", RecordFormat.JSON, keys,
                900_000, "tributary-shop-p-sessions"), null, null, null, List.of());
    }

    @Test
    void theWrittenRowTypeIsTheTableSchemaTheConnectorGets() {
        List<SinkColumn> columns = List.of(new SinkColumn("user_id", DataTypes.VARCHAR(8).notNull()),
                new SinkColumn("clicks", DataTypes.BIGINT().notNull()));
        TableDescriptor upsert = SinkTables.connector(kafkaSink(List.of("user_id")), columns,
                DeliveryGuarantee.AT_LEAST_ONCE, kafka(), new Secrets(dir));
        assertThat(SinkTables.writtenRowType(kafkaSink(List.of("user_id")), columns).asSerializableString())
                .as("the key stays NOT NULL, the rest is relaxed, as in " + upsert.getSchema().orElseThrow())
                .isEqualTo("ROW<`user_id` VARCHAR(2147483647) NOT NULL, `clicks` BIGINT> NOT NULL");
        assertThat(SinkTables.writtenRowType(kafkaSink(List.of()), columns).asSerializableString())
                .isEqualTo("ROW<`user_id` VARCHAR(2147483647), `clicks` BIGINT> NOT NULL");
    }

    @Test
    void kafkaExactlyOnceUsesTheTransactionalIdPrefixAndTimeoutOfThePlan() {
        Map<String, String> o = SinkTables.connector(kafkaSink(List.of()), COLUMNS, DeliveryGuarantee.EXACTLY_ONCE,
                kafka(), new Secrets(dir)).getOptions();
        assertThat(o).containsEntry("connector", "kafka").containsEntry("topic", "shop.sessions")
                .containsEntry("format", "tributary-json").containsEntry("properties.bootstrap.servers", "kafka:9092")
                .containsEntry("sink.delivery-guarantee", "exactly-once")
                .containsEntry("sink.transactional-id-prefix", "tributary-shop-p-sessions")
                .containsEntry("properties.transaction.timeout.ms", "900000");
        Map<String, String> alo = SinkTables.connector(kafkaSink(List.of()), COLUMNS, DeliveryGuarantee.AT_LEAST_ONCE,
                kafka(), new Secrets(dir)).getOptions();
        assertThat(alo).containsEntry("sink.delivery-guarantee", "at-least-once")
                .doesNotContainKey("sink.transactional-id-prefix");
    }

    @Test
    void kafkaWithKeyFieldsUpsertsOnThem() {
        TableDescriptor table = SinkTables.connector(kafkaSink(List.of("user_id")), COLUMNS,
                DeliveryGuarantee.EXACTLY_ONCE, kafka(), new Secrets(dir));
        assertThat(table.getOptions()).containsEntry("connector", "upsert-kafka")
                .containsEntry("key.format", "tributary-json").containsEntry("value.format", "tributary-json");
        assertThat(table.getSchema().orElseThrow().getPrimaryKey()).hasValueSatisfying(
                pk -> assertThat(pk.getColumnNames()).containsExactly("user_id"));
    }

    @Test
    void jdbcUpsertsOnItsKeyWithCredentialsFromTheSecret() throws Exception {
        Files.createDirectories(dir.resolve("pg"));
        Files.writeString(dir.resolve("pg").resolve("user"), "shop");
        Files.writeString(dir.resolve("pg").resolve("pass"), "pw");
        SinkPlan sink = new SinkPlan("totals", SinkType.JDBC, null, new JdbcSinkPlan("jdbc:postgresql://db/shop",
                "totals", new SecretCredentials("pg", "user", "pass"), List.of("user_id"), 1000, 200), null, null,
                List.of());
        TableDescriptor table = SinkTables.connector(sink, COLUMNS, DeliveryGuarantee.EXACTLY_ONCE, kafka(),
                new Secrets(dir));
        assertThat(table.getOptions()).containsEntry("connector", "jdbc").containsEntry("table-name", "totals")
                .containsEntry("username", "shop").containsEntry("password", "pw")
                .containsEntry("sink.buffer-flush.max-rows", "200").containsEntry("sink.buffer-flush.interval", "1000 ms");
        assertThat(table.getSchema().orElseThrow().getPrimaryKey()).isPresent();
    }

    @Test
    void filesystemRollsAndWebhookReadsItsAuthorizationFromAFile() {
        SinkPlan files = new SinkPlan("archive", SinkType.FILESYSTEM, null, null,
                new FilesystemSinkPlan("s3://bucket/archive", FilesystemSinkSpec.Format.PARQUET, 300_000, null), null,
                List.of());
        assertThat(SinkTables.connector(files, COLUMNS, DeliveryGuarantee.EXACTLY_ONCE, kafka(), new Secrets(dir))
                .getOptions()).containsEntry("connector", "filesystem").containsEntry("format", "parquet")
                .containsEntry("path", "s3://bucket/archive")
                .containsEntry("sink.rolling-policy.rollover-interval", "300000 ms")
                .containsEntry("sink.rolling-policy.check-interval", "60000 ms");
        SinkPlan hook = new SinkPlan("alerts", SinkType.WEBHOOK, null, null, null,
                new WebhookSinkPlan("https://hooks.example/x", new SecretKeyPlan("hook", "token"), 4, 2000), List.of());
        assertThat(SinkTables.connector(hook, COLUMNS, DeliveryGuarantee.EXACTLY_ONCE, kafka(), new Secrets(dir))
                .getOptions()).containsEntry("connector", "tributary-webhook")
                .containsEntry("url", "https://hooks.example/x").containsEntry("max-retries", "4")
                .containsEntry("authorization-file", dir.resolve("hook").resolve("token").toString())
                .containsEntry("format", "json");
    }

    @Test
    void everySinkIsWrappedToBeCountedUnderItsName() {
        Map<String, String> o = SinkTables.descriptor(kafkaSink(List.of()), COLUMNS, DeliveryGuarantee.EXACTLY_ONCE,
                kafka(), new Secrets(dir), null).getOptions();
        assertThat(o).containsEntry("connector", "tributary-counted").containsEntry("sink-name", "sessions")
                .containsEntry("delegate.connector", "kafka")
                .containsEntry("delegate.sink.transactional-id-prefix", "tributary-shop-p-sessions");
    }
}
