package dev.tributary.bench.flink;

import dev.tributary.api.plan.CheckpointPlan;
import dev.tributary.api.plan.EventTimePlan;
import dev.tributary.api.plan.FieldPlan;
import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.KafkaSinkPlan;
import dev.tributary.api.plan.ParallelismPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.plan.SourcePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.api.v1alpha1.SinkType;
import dev.tributary.local.FreePorts;
import dev.tributary.runtime.PipelineRunner;
import dev.tributary.runtime.RuntimeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;

/** Tributary's runtime, from a plan as the operator would resolve it (the plan's defaults, nothing tuned here). */
final class RuntimeSide implements Side {

    private final BenchKafka kafka;
    private final Path dir;
    private final int parallelism;
    private final boolean exactlyOnce;
    private final long checkpointMs;

    RuntimeSide(BenchKafka kafka, Path dir, int parallelism, boolean exactlyOnce, long checkpointMs) {
        this.kafka = kafka;
        this.dir = dir;
        this.parallelism = parallelism;
        this.exactlyOnce = exactlyOnce;
        this.checkpointMs = checkpointMs;
    }

    @Override
    public String name() {
        return "tributary";
    }

    @Override
    public JobClient start(Workload workload, String outputTopic, String runId) throws Exception {
        kafka.createTopics(1, "dlq-" + runId);
        List<SourcePlan> sources = new ArrayList<>();
        sources.add(new SourcePlan("bids", NexmarkData.BIDS, RecordFormat.JSON, fields(NexmarkData.BID_FIELDS),
                new EventTimePlan("ts", 3_000, null)));
        if (workload.joinsAuctions()) {
            sources.add(new SourcePlan("auctions", NexmarkData.AUCTIONS, RecordFormat.JSON,
                    fields(NexmarkData.AUCTION_FIELDS), new EventTimePlan("ts", 3_000, null)));
        }
        SinkPlan sink = new SinkPlan("out", SinkType.KAFKA, new KafkaSinkPlan(outputTopic, RecordFormat.JSON, List.of(),
                600_000, "bench-" + runId), null, null, null, List.of());
        Path runDir = dir.resolve(runId);
        CheckpointPlan checkpoints = new CheckpointPlan(checkpointMs, 600_000,
                exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE,
                runDir.resolve("checkpoints").toUri().toString(), runDir.resolve("savepoints").toUri().toString(), 3,
                null);
        PipelinePlan plan = new PipelinePlan(PipelinePlan.CURRENT_VERSION, "bench", runId,
                KafkaConnectionPlan.plaintext(kafka.bootstrapServers()), sources, List.of(sink),
                "INSERT INTO `out` " + workload.select(), checkpoints, "dlq-" + runId,
                new ParallelismPlan(parallelism, 1, 8), Map.of());
        RuntimeOptions options = RuntimeOptions.forPlan(runDir.resolve("plan.json"))
                .withMetricsPort(String.valueOf(FreePorts.next()))
                .withBrokerMaxTransactionTimeout(Duration.ofMinutes(15));
        return PipelineRunner.prepare(plan, options).start();
    }

    static List<FieldPlan> fields(String declaration) {
        List<FieldPlan> fields = new ArrayList<>();
        for (String field : declaration.split(",\\s*")) {
            int space = field.indexOf(' ');
            fields.add(new FieldPlan(field.substring(0, space), field.substring(space + 1)));
        }
        return fields;
    }
}
