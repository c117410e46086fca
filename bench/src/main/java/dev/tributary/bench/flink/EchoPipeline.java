package dev.tributary.bench.flink;

import dev.tributary.api.plan.CheckpointPlan;
import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.KafkaSinkPlan;
import dev.tributary.api.plan.ParallelismPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.plan.SourcePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.api.v1alpha1.SinkType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The pipeline of B3 and B6, as the operator would resolve it: stamped records ({@link StampedRecords}) read from one
 * topic and written unchanged to another, checkpoints on a local directory, nothing tuned for the benchmark.
 */
final class EchoPipeline {

    private EchoPipeline() {
    }

    static PipelinePlan plan(String name, String bootstrapServers, String input, String output, String deadLetters,
            DeliveryGuarantee guarantee, long checkpointMs, Path dir, int parallelism) {
        return plan(name, bootstrapServers, input, output, deadLetters, guarantee, checkpointMs, dir, parallelism,
                Map.of());
    }

    /** With the Pipeline's {@code flinkConfiguration}. */
    static PipelinePlan plan(String name, String bootstrapServers, String input, String output, String deadLetters,
            DeliveryGuarantee guarantee, long checkpointMs, Path dir, int parallelism,
            Map<String, String> flinkConfiguration) {
        SourcePlan source = new SourcePlan("stamped", input, RecordFormat.JSON, RuntimeSide.fields(StampedRecords.FIELDS),
                null);
        SinkPlan sink = new SinkPlan("out", SinkType.KAFKA, new KafkaSinkPlan(output, RecordFormat.JSON, List.of(),
                600_000, "bench-" + name), null, null, null, List.of());
        CheckpointPlan checkpoints = new CheckpointPlan(checkpointMs, 60_000, guarantee,
                dir.resolve("checkpoints").toUri().toString(), dir.resolve("savepoints").toUri().toString(), 3, null);
        return new PipelinePlan(PipelinePlan.CURRENT_VERSION, "bench", name,
                KafkaConnectionPlan.plaintext(bootstrapServers), List.of(source), List.of(sink),
                "INSERT INTO `out` SELECT id, sent FROM stamped", checkpoints, deadLetters,
                new ParallelismPlan(parallelism, 1, 8), flinkConfiguration);
    }
}
