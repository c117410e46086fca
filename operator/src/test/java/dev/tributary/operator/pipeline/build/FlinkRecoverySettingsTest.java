package dev.tributary.operator.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.FlinkRecoverySettings;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.PipelineFixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlinkRecoverySettingsTest {

    private final Pipeline pipeline = PipelineFixtures.pipeline();
    private final PipelinePlan plan = PipelineFixtures.plan(pipeline);

    @Test
    void bothProcessesGetTributarysRecoverySettingsRatherThanFlinksDefaults() {
        assertThat(FlinkSettings.of(pipeline, plan)).containsEntry("heartbeat.interval", "500ms")
                .containsEntry("heartbeat.timeout", "10s").containsEntry("cluster.registration.error-delay", "1s");
        assertThat(FlinkRecoverySettings.SETTINGS.keySet()).isEqualTo(FlinkRecoverySettings.FLINK_DEFAULTS.keySet());
    }

    @Test
    void thePipelinesFlinkConfigurationWinsOverThem() {
        PipelinePlan withOwn = new PipelinePlan(plan.version(), plan.namespace(), plan.name(), plan.kafka(),
                plan.sources(), plan.sinks(), plan.sql(), plan.checkpoints(), plan.deadLetterTopic(), plan.parallelism(),
                Map.of("heartbeat.timeout", "60s"));
        assertThat(FlinkSettings.of(pipeline, withOwn)).containsEntry("heartbeat.timeout", "60s")
                .containsEntry("heartbeat.interval", "500ms");
    }
}
