package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.CheckpointPlan;
import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.KafkaSinkPlan;
import dev.tributary.api.plan.ParallelismPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.api.v1alpha1.SinkType;
import dev.tributary.local.KafkaBroker;
import dev.tributary.runtime.PipelineMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * PipelineMain refuses exactly-once settings that can lose data, before it starts anything, with exit code 2 and a
 * message that names the setting to change; the broker's limit is the one the broker really has.
 */
class RefusalIT {

    private static final long MINUTE = 60_000;

    @Test
    void refusesTransactionTimeoutsTheBrokerWouldRejectOrThatCheckpointsAndRestartsCanOutlast() throws Exception {
        Path dir = Services.target().resolve("refusal-" + System.currentTimeMillis());
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"),
                Map.of("transaction.max.timeout.ms", String.valueOf(7 * MINUTE)))) {
            Result aboveBroker = run(dir.resolve("above-broker"), plan(broker, 10 * MINUTE, MINUTE, MINUTE));
            assertThat(aboveBroker.exitCode()).isEqualTo(2);
            assertThat(aboveBroker.output())
                    .contains("refusing to start pipeline test/refused")
                    .contains("asks for transactionTimeout 10m but the broker allows at most 7m")
                    .contains("lower the sink's kafka.transactionTimeout or raise the broker's transaction.max.timeout.ms");

            Result tooShort = run(dir.resolve("too-short"), plan(broker, 5 * MINUTE, 2 * MINUTE, 2 * MINUTE));
            assertThat(tooShort.exitCode()).isEqualTo(2);
            assertThat(tooShort.output())
                    .contains("checkpoints.interval (2m) + checkpoints.timeout (2m) + restart budget (2m) = 6m")
                    .contains("shorten checkpoints.interval or checkpoints.timeout, or raise the sink's"
                            + " kafka.transactionTimeout");
            System.out.printf("[refusal] broker transaction.max.timeout.ms=7m: a 10m sink timeout and a 5m timeout"
                    + " under 2m checkpoints were refused with exit code 2%n");
        }
    }

    private static PipelinePlan plan(KafkaBroker broker, long transactionTimeoutMs, long intervalMs, long timeoutMs) {
        return new PipelinePlan(PipelinePlan.CURRENT_VERSION, "test", "refused",
                KafkaConnectionPlan.plaintext(broker.bootstrapServers()),
                List.of(Plans.source("events", "refused.events", RecordFormat.JSON,
                        Plans.fields("id", "BIGINT"), null, 0)),
                List.of(new SinkPlan("out", SinkType.KAFKA, new KafkaSinkPlan("refused.out", RecordFormat.JSON,
                        List.of(), transactionTimeoutMs, "tributary-test-refused-out"), null, null, null, List.of())),
                "INSERT INTO `out` SELECT id FROM events",
                new CheckpointPlan(intervalMs, timeoutMs, DeliveryGuarantee.EXACTLY_ONCE, null, null, 3, null),
                "refused.dlq", new ParallelismPlan(1, 1, 1), Map.of());
    }

    record Result(int exitCode, String output) {
    }

    private static Result run(Path dir, PipelinePlan plan) throws Exception {
        Files.createDirectories(dir);
        Path planFile = dir.resolve("plan.json");
        Files.writeString(planFile, PlanCodec.toJson(plan));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), PipelineMain.class.getName(),
                "--plan", dir.toString()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
