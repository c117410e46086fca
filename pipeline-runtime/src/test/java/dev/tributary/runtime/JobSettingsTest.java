package dev.tributary.runtime;

import static dev.tributary.runtime.TestPlans.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.CheckpointPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SecretCredentials;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSettingsTest {

    @TempDir
    Path dir;

    private static PipelinePlan plan(CheckpointPlan checkpoints, Map<String, String> flinkConfiguration) {
        PipelinePlan p = TestPlans.plan(List.of(TestPlans.kafkaSink("sessions", 15 * MINUTE, List.of())),
                "INSERT INTO sessions SELECT * FROM clicks", checkpoints);
        return new PipelinePlan(p.version(), p.namespace(), p.name(), p.kafka(), p.sources(), p.sinks(), p.sql(),
                p.checkpoints(), p.deadLetterTopic(), p.parallelism(), flinkConfiguration);
    }

    private static PipelinePlan withSql(PipelinePlan p, String sql, Map<String, String> flinkConfiguration) {
        return new PipelinePlan(p.version(), p.namespace(), p.name(), p.kafka(), p.sources(), p.sinks(), sql,
                p.checkpoints(), p.deadLetterTopic(), p.parallelism(), flinkConfiguration);
    }

    @Test
    void miniBatchIsOffForSqlThatReadsTheWatermarkOrProcessingTime() {
        PipelinePlan base = plan(TestPlans.checkpoints(30_000, DeliveryGuarantee.EXACTLY_ONCE), Map.of());
        String late = "INSERT INTO sessions SELECT * FROM clicks WHERE ts <= current_watermark (ts)";
        String proctime = "INSERT INTO sessions SELECT user_id, PROCTIME() FROM clicks";
        String window = "INSERT INTO sessions SELECT user_id, window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE clicks,"
                + " DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY user_id, window_start, window_end";
        String quoted = "INSERT INTO sessions SELECT 'CURRENT_WATERMARK(ts)' AS s, `proctime(` FROM clicks"
                + " -- PROCTIME()\n";
        RuntimeOptions options = RuntimeOptions.forPlan(dir);
        assertThat(settings(withSql(base, late, Map.of()), options)).containsEntry("table.exec.mini-batch.enabled",
                "false");
        assertThat(settings(withSql(base, proctime, Map.of()), options))
                .containsEntry("table.exec.mini-batch.enabled", "false");
        assertThat(settings(withSql(base, window, Map.of()), options))
                .containsEntry("table.exec.mini-batch.enabled", "true");
        assertThat(settings(withSql(base, quoted, Map.of()), options)).as("names in literals and comments are not calls")
                .containsEntry("table.exec.mini-batch.enabled", "true");
        assertThat(settings(withSql(base, late, Map.of("table.exec.mini-batch.enabled", "true")), options))
                .as("the user's explicit setting wins").containsEntry("table.exec.mini-batch.enabled", "true");
        assertThat(MiniBatchRule.whyOff(late)).hasValueSatisfying(why -> assertThat(why)
                .contains("CURRENT_WATERMARK()").contains("table.exec.mini-batch.enabled"));
        assertThat(MiniBatchRule.whyOff(late + ";\n" + proctime)).hasValueSatisfying(why -> assertThat(why)
                .contains("CURRENT_WATERMARK() and PROCTIME()"));
    }

    private Map<String, String> settings(PipelinePlan plan, RuntimeOptions options) {
        Configuration conf = JobSettings.of(plan, options, new Secrets(dir));
        return conf.toMap();
    }

    @Test
    void checkpointingRestartsAndDefaultsComeFromThePlan() {
        Map<String, String> s = settings(plan(TestPlans.checkpoints(30_000, DeliveryGuarantee.EXACTLY_ONCE), Map.of()),
                RuntimeOptions.forPlan(dir));
        assertThat(s).containsEntry("execution.checkpointing.interval", "30 s")
                .containsEntry("execution.checkpointing.mode", "EXACTLY_ONCE")
                .containsEntry("execution.checkpointing.timeout", "10 min")
                .containsEntry("execution.checkpointing.dir", "file:///tributary/state/checkpoints")
                .containsEntry("execution.checkpointing.savepoint-dir", "file:///tributary/state/savepoints")
                .containsEntry("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION")
                .containsEntry("execution.checkpointing.num-retained", "3")
                .containsEntry("restart-strategy.type", "exponential-delay")
                .containsEntry("restart-strategy.exponential-delay.initial-backoff", "250 ms")
                .containsEntry("restart-strategy.exponential-delay.max-backoff", "1 min")
                .containsEntry("parallelism.default", "2")
                .containsEntry("pipeline.max-parallelism", "1024")
                .containsEntry("pipeline.name", "shop/sessionize")
                .containsEntry("pipeline.object-reuse", "true")
                .containsEntry("table.exec.mini-batch.enabled", "true")
                .containsEntry("metrics.reporter.prom.factory.class",
                        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
                .containsEntry("metrics.reporter.prom.port", "9249")
                .doesNotContainKey("execution.state-recovery.path");
    }

    @Test
    void aLocalRunServesItsMetricsOnLoopbackOnly() {
        RuntimeOptions local = new RuntimeOptions(dir.resolve("plan.json"), null, false, null, dir, "4711", 8081, null,
                RuntimeOptions.DEFAULT_MAX_RECORD_BYTES, null);
        assertThat(settings(plan(TestPlans.checkpoints(30_000, DeliveryGuarantee.EXACTLY_ONCE), Map.of()), local))
                .containsEntry("metrics.reporter.prom.factory.class", LoopbackPrometheusReporterFactory.class.getName())
                .containsEntry("metrics.reporter.prom.port", "4711")
                .containsEntry("rest.bind-address", "127.0.0.1")
                .containsEntry("jobmanager.bind-host", "127.0.0.1")
                .containsEntry("taskmanager.bind-host", "127.0.0.1");
    }

    @Test
    void atLeastOnceRestoreAndParallelismOverride() {
        Map<String, String> s = settings(plan(TestPlans.checkpoints(5_000, DeliveryGuarantee.AT_LEAST_ONCE), Map.of()),
                RuntimeOptions.forPlan(dir).withRestorePath("file:///sp/savepoint-1").withParallelism(5));
        assertThat(s).containsEntry("execution.checkpointing.mode", "AT_LEAST_ONCE")
                .containsEntry("execution.state-recovery.path", "file:///sp/savepoint-1")
                .containsEntry("execution.state-recovery.ignore-unclaimed-state", "false")
                .containsEntry("parallelism.default", "5");
    }

    @Test
    void flinkConfigurationTunesDefaultsButNeverOwnedKeys() {
        Map<String, String> s = settings(plan(TestPlans.checkpoints(30_000, DeliveryGuarantee.EXACTLY_ONCE),
                Map.of("table.exec.mini-batch.enabled", "false", "state.backend.type", "rocksdb",
                        "execution.checkpointing.interval", "1 h", "metrics.reporter.x.factory.class", "evil")),
                RuntimeOptions.forPlan(dir));
        assertThat(s).containsEntry("table.exec.mini-batch.enabled", "false")
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.checkpointing.interval", "30 s")
                .doesNotContainKey("metrics.reporter.x.factory.class");
    }

    @Test
    void objectStoreCredentialsAreReadFromTheSecret() throws Exception {
        Files.createDirectories(dir.resolve("s3"));
        Files.writeString(dir.resolve("s3").resolve("username"), "AKIA");
        Files.writeString(dir.resolve("s3").resolve("password"), "secret\n");
        CheckpointPlan checkpoints = new CheckpointPlan(30_000, 60_000, DeliveryGuarantee.EXACTLY_ONCE,
                "s3://bucket/shop/sessionize/checkpoints", "s3://bucket/shop/sessionize/savepoints", 3,
                new SecretCredentials("s3", "username", "password"));
        Configuration conf = JobSettings.of(plan(checkpoints, Map.of()), RuntimeOptions.forPlan(dir), new Secrets(dir));
        assertThat(conf.toMap()).containsEntry("s3.access-key", "AKIA").containsEntry("s3.secret-key", "secret");
        assertThat(JobSettings.describe(conf)).containsEntry("s3.secret-key", "******");
        assertThat(conf.toMap()).doesNotContainKeys("s3.endpoint", "s3.path.style.access");
    }

    @Test
    void anS3CompatibleStoreGetsItsEndpointAndPathStyleAccess() throws Exception {
        Files.createDirectories(dir.resolve("minio"));
        Files.writeString(dir.resolve("minio").resolve("username"), "minio-user");
        Files.writeString(dir.resolve("minio").resolve("password"), "minio-secret");
        CheckpointPlan checkpoints = new CheckpointPlan(30_000, 60_000, DeliveryGuarantee.EXACTLY_ONCE,
                "s3://ckpt/shop/sessionize/checkpoints", "s3://ckpt/shop/sessionize/savepoints", 3,
                new SecretCredentials("minio", "username", "password"), "http://minio.storage:9000", true);
        Configuration conf = JobSettings.of(plan(checkpoints, Map.of()), RuntimeOptions.forPlan(dir), new Secrets(dir));
        assertThat(conf.toMap()).containsEntry("s3.endpoint", "http://minio.storage:9000")
                .containsEntry("s3.path.style.access", "true").containsEntry("s3.access-key", "minio-user")
                .containsEntry("execution.checkpointing.dir", "s3://ckpt/shop/sessionize/checkpoints");
        assertThat(JobSettings.describe(conf).toString()).doesNotContain("minio-secret");
    }
}
