package dev.tributary.api.plan;

import static dev.tributary.api.Fixtures.CLICKS;
import static dev.tributary.api.Fixtures.SESSIONIZE;
import static dev.tributary.api.Fixtures.SESSIONS;
import static dev.tributary.api.Fixtures.pipeline;
import static dev.tributary.api.Fixtures.sink;
import static dev.tributary.api.Fixtures.sinks;
import static dev.tributary.api.Fixtures.source;
import static dev.tributary.api.Fixtures.sources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.ObjectStoreSpec;
import dev.tributary.api.v1alpha1.CheckpointStorageSpec;
import dev.tributary.api.v1alpha1.CredentialsSecretRef;
import dev.tributary.api.v1alpha1.ParallelismSpec;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.api.v1alpha1.SinkType;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.api.v1alpha1.SourceStatus;
import dev.tributary.api.v1alpha1.TopicStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanResolverTest {

    private static PipelinePlan resolve(Pipeline pipeline, Source clicks) {
        return PlanResolver.resolve(pipeline, sources(clicks), sinks(sink(SESSIONS)),
                KafkaConnectionPlan.plaintext("kafka:9092"), "file:///tributary/state/");
    }

    @Test
    void aSourceBecomesATableOverItsTopic() {
        PipelinePlan plan = resolve(pipeline(SESSIONIZE), source(CLICKS));
        assertThat(plan.version()).isEqualTo(PipelinePlan.CURRENT_VERSION);
        assertThat(plan.sources()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("clicks");
            assertThat(s.topic()).isEqualTo("shop.clicks");
            assertThat(s.format()).isEqualTo(RecordFormat.JSON);
            assertThat(s.fields()).extracting(FieldPlan::name).containsExactly("user_id", "url", "ts");
            assertThat(s.eventTime()).isEqualTo(new EventTimePlan("ts", 5_000, 60_000L));
        });
    }

    @Test
    void aBareVarcharIsPlannedAsFlinkSqlDdlReadsIt() {
        Source clicks = source(CLICKS);
        clicks.getSpec().schema.fields.get(1).type = "VARCHAR";
        PipelinePlan plan = resolve(pipeline(SESSIONIZE), clicks);
        assertThat(plan.sources().get(0).fields().get(1).type()).as("not VARCHAR(1)").isEqualTo("STRING");
    }

    @Test
    void defaultsAreFilledIn() {
        Source clicks = source(CLICKS);
        clicks.getSpec().topic = null;
        clicks.getSpec().schema.eventTime.watermarkDelay = null;
        clicks.getSpec().schema.eventTime.idleTimeout = null;
        Pipeline pipeline = pipeline(SESSIONIZE);
        pipeline.getSpec().checkpoints = null;
        pipeline.getSpec().parallelism = null;
        PipelinePlan plan = resolve(pipeline, clicks);
        assertThat(plan.sources().get(0).topic()).as("<namespace>.<name>").isEqualTo("shop.clicks");
        assertThat(plan.sources().get(0).eventTime()).isEqualTo(new EventTimePlan("ts", 5_000, null));
        assertThat(plan.checkpoints()).isEqualTo(new CheckpointPlan(30_000, 300_000, DeliveryGuarantee.EXACTLY_ONCE,
                "file:///tributary/state/checkpoints", "file:///tributary/state/savepoints", 3, null));
        assertThat(plan.deadLetterTopic()).isEqualTo("shop.sessionize.dlq");
        assertThat(plan.parallelism()).as("1..partitions(3)").isEqualTo(new ParallelismPlan(1, 1, 3));
    }

    @Test
    void kafkaSinksGetAPerPipelineTransactionalIdPrefix() {
        SinkPlan sink = resolve(pipeline(SESSIONIZE), source(CLICKS)).sinks().get(0);
        assertThat(sink.type()).isEqualTo(SinkType.KAFKA);
        assertThat(sink.kafka()).isEqualTo(new KafkaSinkPlan("shop.sessions", RecordFormat.JSON, java.util.List.of(),
                900_000, "tributary-shop-sessionize-sessions"));
    }

    @Test
    void parallelismIsCappedByTheLargestSourcePartitionCount() {
        PipelinePlan plan = resolve(pipeline(SESSIONIZE), source(CLICKS));
        assertThat(plan.parallelism()).as("max 12 capped to 6 partitions").isEqualTo(new ParallelismPlan(2, 1, 6));
        Source observed = source(CLICKS);
        observed.setStatus(new SourceStatus());
        observed.getStatus().topic = new TopicStatus("shop.clicks", 9, 3);
        assertThat(resolve(pipeline(SESSIONIZE), observed).parallelism().max()).as("observed partitions win").isEqualTo(9);
    }

    @Test
    void parallelismBoundsAreClampedIntoTheCap() {
        assertThat(PlanResolver.parallelismPlan(new ParallelismSpec(8, 4, 10), 2)).isEqualTo(new ParallelismPlan(2, 2, 2));
        assertThat(PlanResolver.parallelismPlan(new ParallelismSpec(null, 2, null), 6)).isEqualTo(new ParallelismPlan(2, 2, 6));
    }

    @Test
    void objectStoreCheckpointsGoUnderAFolderPerPipelineWithCredentialsByReference() {
        Pipeline pipeline = pipeline(SESSIONIZE);
        pipeline.getSpec().checkpoints.storage = new CheckpointStorageSpec();
        pipeline.getSpec().checkpoints.storage.objectStore = new ObjectStoreSpec();
        pipeline.getSpec().checkpoints.storage.objectStore.uri = "s3://bucket/ckpt/";
        pipeline.getSpec().checkpoints.storage.objectStore.credentialsSecret = new CredentialsSecretRef("s3");
        CheckpointPlan checkpoints = resolve(pipeline, source(CLICKS)).checkpoints();
        assertThat(checkpoints.directory()).isEqualTo("s3://bucket/ckpt/shop/sessionize/checkpoints");
        assertThat(checkpoints.savepointDirectory()).isEqualTo("s3://bucket/ckpt/shop/sessionize/savepoints");
        assertThat(checkpoints.objectStoreCredentials()).isEqualTo(new SecretCredentials("s3", "username", "password"));
        assertThat(checkpoints.objectStoreEndpoint()).isNull();
        assertThat(checkpoints.objectStorePathStyleAccess()).isNull();
    }

    @Test
    void objectStoreCheckpointsMovedOnAVolumeLandWhereAVolumePipelineKeepsThem() {
        Pipeline pipeline = pipeline(SESSIONIZE);
        pipeline.getSpec().checkpoints.storage = new CheckpointStorageSpec();
        pipeline.getSpec().checkpoints.storage.objectStore = new ObjectStoreSpec();
        pipeline.getSpec().checkpoints.storage.objectStore.uri = "s3://bucket/ckpt";
        pipeline.getSpec().checkpoints.storage.objectStore.endpoint = "http://minio.storage:9000";
        pipeline.getSpec().checkpoints.storage.objectStore.credentialsSecret = new CredentialsSecretRef("s3");
        CheckpointPlan inStore = resolve(pipeline, source(CLICKS)).checkpoints();
        CheckpointPlan onVolume = resolve(pipeline(SESSIONIZE), source(CLICKS)).checkpoints();
        assertThat(inStore.inObjectStore()).isTrue();
        assertThat(onVolume.inObjectStore()).isFalse();

        CheckpointPlan moved = inStore.onVolume("file:///tributary/state/");
        assertThat(moved).isEqualTo(new CheckpointPlan(inStore.intervalMs(), inStore.timeoutMs(), inStore.guarantee(),
                onVolume.directory(), onVolume.savepointDirectory(), inStore.retained(), null));
        assertThat(moved.inObjectStore()).isFalse();
    }

    @Test
    void anS3CompatibleStoreCarriesItsEndpointAndPathStyleIntoThePlanButNotItsKeys() {
        Pipeline pipeline = pipeline(SESSIONIZE);
        pipeline.getSpec().checkpoints.storage = new CheckpointStorageSpec();
        pipeline.getSpec().checkpoints.storage.objectStore = new ObjectStoreSpec();
        pipeline.getSpec().checkpoints.storage.objectStore.uri = "s3://ckpt";
        pipeline.getSpec().checkpoints.storage.objectStore.endpoint = "http://minio.storage:9000";
        pipeline.getSpec().checkpoints.storage.objectStore.pathStyleAccess = true;
        pipeline.getSpec().checkpoints.storage.objectStore.credentialsSecret = new CredentialsSecretRef("minio");
        PipelinePlan plan = resolve(pipeline, source(CLICKS));
        CheckpointPlan checkpoints = plan.checkpoints();
        assertThat(checkpoints.directory()).isEqualTo("s3://ckpt/shop/sessionize/checkpoints");
        assertThat(checkpoints.objectStoreEndpoint()).isEqualTo("http://minio.storage:9000");
        assertThat(checkpoints.objectStorePathStyleAccess()).isTrue();
        assertThat(PlanCodec.toJson(plan).replaceAll("\\s", "")).contains(
                "\"objectStoreEndpoint\":\"http://minio.storage:9000\"", "\"objectStorePathStyleAccess\":true",
                "\"objectStoreCredentials\":{\"secretName\":\"minio\"");
        assertThat(PlanCodec.fromJson(PlanCodec.toJson(plan))).isEqualTo(plan);
    }

    @Test
    void aMissingReferenceIsAnError() {
        assertThatThrownBy(() -> PlanResolver.resolve(pipeline(SESSIONIZE), Map.of(), sinks(sink(SESSIONS)),
                KafkaConnectionPlan.plaintext("k:9092"), "file:///s")).hasMessageContaining("Source 'clicks'");
    }
}
