package dev.tributary.api.plan;

import dev.tributary.api.Durations;
import dev.tributary.api.TopicNames;
import dev.tributary.api.v1alpha1.CheckpointSpec;
import dev.tributary.api.v1alpha1.CredentialsSecretRef;
import dev.tributary.api.v1alpha1.EventTimeSpec;
import dev.tributary.api.v1alpha1.FilesystemSinkSpec;
import dev.tributary.api.v1alpha1.HttpIngestSpec;
import dev.tributary.api.v1alpha1.IngestLimitsSpec;
import dev.tributary.api.v1alpha1.JdbcSinkSpec;
import dev.tributary.api.v1alpha1.KafkaSinkSpec;
import dev.tributary.api.v1alpha1.ObjectStoreSpec;
import dev.tributary.api.v1alpha1.ParallelismSpec;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineSpec;
import dev.tributary.api.v1alpha1.SchemaSpec;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.SinkSpec;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.api.v1alpha1.TopicSpec;
import dev.tributary.api.v1alpha1.WebhookSinkSpec;
import dev.tributary.api.validation.ExactlyOnceRules;
import dev.tributary.api.validation.FlinkTypeParser;
import java.util.List;
import java.util.Map;

/**
 * Turns a Pipeline and the Sources and Sinks it names into its plan, filling in every default. Pure: the same
 * inputs always give the same plan, so its hash only changes when something that matters changed.
 */
public final class PlanResolver {

    static final String DEFAULT_WATERMARK_DELAY = EventTimeSpec.DEFAULT_WATERMARK_DELAY;
    static final String DEFAULT_JDBC_FLUSH_INTERVAL = "1s";
    static final int DEFAULT_JDBC_BATCH_SIZE = 500;
    static final String DEFAULT_ROLL_INTERVAL = "5m";
    static final int DEFAULT_WEBHOOK_RETRIES = 5;
    static final String DEFAULT_WEBHOOK_TIMEOUT = "10s";
    static final int DEFAULT_RETAINED_CHECKPOINTS = 3;

    private PlanResolver() {
    }

    /**
     * @param volumeStateDirectory the URI where a checkpoint volume is mounted (file:///tributary/state in pods)
     * @throws IllegalArgumentException when a named Source or Sink is missing; validate first to get a message
     *     that says what to do
     */
    public static PipelinePlan resolve(Pipeline pipeline, Map<String, Source> sources, Map<String, Sink> sinks,
            KafkaConnectionPlan kafka, String volumeStateDirectory) {
        PipelineSpec spec = pipeline.getSpec();
        String namespace = pipeline.getMetadata().getNamespace();
        String name = pipeline.getMetadata().getName();
        List<SourcePlan> sourcePlans = spec.sources.stream().map(n -> sourcePlan(require(sources, n, "Source"))).toList();
        List<SinkPlan> sinkPlans = spec.sinks.stream()
                .map(n -> sinkPlan(require(sinks, n, "Sink"), namespace, name)).toList();
        int partitionCap = spec.sources.stream().mapToInt(n -> partitions(sources.get(n))).max()
                .orElse(ParallelismSpec.MAX_PARALLELISM);
        return new PipelinePlan(PipelinePlan.CURRENT_VERSION, namespace, name, kafka, sourcePlans, sinkPlans,
                spec.sql, checkpointPlan(spec.checkpoints, namespace, name, volumeStateDirectory),
                TopicNames.deadLetterOf(pipeline), parallelismPlan(spec.parallelism, partitionCap),
                spec.flinkConfiguration);
    }

    /** The ingest endpoint of a Source with {@code spec.ingest.http}. */
    public static IngestPlan ingest(Source source, KafkaConnectionPlan kafka) {
        HttpIngestSpec http = source.getSpec().ingest.http;
        SecretKeyPlan tokens = http.auth == null || http.auth.secretRef == null ? null
                : new SecretKeyPlan(http.auth.secretRef.name, http.auth.secretRef.key);
        return new IngestPlan(sourcePlan(source), kafka, tokens, http.tls == null ? null : http.tls.secretName,
                IngestLimitsSpec.maxRequestBytes(http.limits), IngestLimitsSpec.maxRecordsPerRequest(http.limits),
                IngestLimitsSpec.maxInFlightBytes(http.limits));
    }

    private static <T> T require(Map<String, T> byName, String name, String kind) {
        T resource = byName.get(name);
        if (resource == null) {
            throw new IllegalArgumentException(kind + " '" + name + "' is not known");
        }
        return resource;
    }

    /** The source's partition count as observed, else as declared; unknown for an unobserved external topic. */
    private static int partitions(Source source) {
        if (source.getStatus() != null && source.getStatus().topic != null && source.getStatus().topic.partitions != null) {
            return source.getStatus().topic.partitions;
        }
        if (source.getSpec().topic != null && source.getSpec().topic.isExternal()) {
            return ParallelismSpec.MAX_PARALLELISM;
        }
        return source.getSpec().topic == null ? TopicSpec.DEFAULT_PARTITIONS
                : source.getSpec().topic.partitionsOrDefault();
    }

    private static SourcePlan sourcePlan(Source source) {
        EventTimeSpec eventTime = source.getSpec().schema.eventTime;
        EventTimePlan eventTimePlan = eventTime == null ? null : new EventTimePlan(eventTime.field,
                Durations.parse(eventTime.watermarkDelay, DEFAULT_WATERMARK_DELAY).toMillis(),
                eventTime.idleTimeout == null ? null : Durations.parse(eventTime.idleTimeout).toMillis());
        return new SourcePlan(source.getMetadata().getName(), TopicNames.of(source), source.getSpec().formatOrDefault(),
                fields(source.getSpec().schema), eventTimePlan);
    }

    private static SinkPlan sinkPlan(Sink sink, String namespace, String pipeline) {
        SinkSpec spec = sink.getSpec();
        String name = sink.getMetadata().getName();
        return new SinkPlan(name, spec.type(),
                spec.kafka == null ? null : kafkaSink(spec.kafka, TopicNames.of(sink), namespace, pipeline, name),
                spec.jdbc == null ? null : jdbcSink(spec.jdbc),
                spec.filesystem == null ? null : filesystemSink(spec.filesystem),
                spec.webhook == null ? null : webhookSink(spec.webhook),
                spec.schema == null ? List.of() : fields(spec.schema));
    }

    private static KafkaSinkPlan kafkaSink(KafkaSinkSpec kafka, String topic, String namespace, String pipeline,
            String sink) {
        return new KafkaSinkPlan(topic, kafka.formatOrDefault(), kafka.keyFields,
                Durations.parse(kafka.transactionTimeout, ExactlyOnceRules.DEFAULT_TRANSACTION_TIMEOUT).toMillis(),
                "tributary-" + namespace + "-" + pipeline + "-" + sink);
    }

    private static JdbcSinkPlan jdbcSink(JdbcSinkSpec jdbc) {
        return new JdbcSinkPlan(jdbc.url, jdbc.table, credentials(jdbc.credentialsSecret), jdbc.upsertKey,
                Durations.parse(jdbc.flushInterval, DEFAULT_JDBC_FLUSH_INTERVAL).toMillis(),
                jdbc.batchSize == null ? DEFAULT_JDBC_BATCH_SIZE : jdbc.batchSize);
    }

    private static FilesystemSinkPlan filesystemSink(FilesystemSinkSpec fs) {
        return new FilesystemSinkPlan(fs.path, fs.format == null ? FilesystemSinkSpec.Format.JSON : fs.format,
                Durations.parse(fs.rollInterval, DEFAULT_ROLL_INTERVAL).toMillis(), credentials(fs.credentialsSecret));
    }

    private static WebhookSinkPlan webhookSink(WebhookSinkSpec webhook) {
        return new WebhookSinkPlan(webhook.url,
                webhook.secretRef == null ? null : new SecretKeyPlan(webhook.secretRef.name, webhook.secretRef.key),
                webhook.maxRetries == null ? DEFAULT_WEBHOOK_RETRIES : webhook.maxRetries,
                Durations.parse(webhook.timeout, DEFAULT_WEBHOOK_TIMEOUT).toMillis());
    }

    private static CheckpointPlan checkpointPlan(CheckpointSpec spec, String namespace, String name,
            String volumeStateDirectory) {
        CheckpointSpec checkpoints = spec == null ? new CheckpointSpec() : spec;
        ObjectStoreSpec objectStore = checkpoints.storage == null ? null : checkpoints.storage.objectStore;
        String base = objectStore == null ? trimSlash(volumeStateDirectory)
                : trimSlash(objectStore.uri) + "/" + namespace + "/" + name;
        return new CheckpointPlan(
                Durations.parse(checkpoints.interval, CheckpointSpec.DEFAULT_INTERVAL).toMillis(),
                Durations.parse(checkpoints.timeout, CheckpointSpec.DEFAULT_TIMEOUT).toMillis(),
                checkpoints.guaranteeOrDefault(), base + CheckpointPlan.CHECKPOINTS, base + CheckpointPlan.SAVEPOINTS,
                checkpoints.retained == null ? DEFAULT_RETAINED_CHECKPOINTS : checkpoints.retained,
                objectStore == null ? null : credentials(objectStore.credentialsSecret),
                objectStore == null ? null : objectStore.endpoint,
                objectStore == null ? null : objectStore.pathStyleAccess);
    }

    static ParallelismPlan parallelismPlan(ParallelismSpec spec, int partitionCap) {
        ParallelismSpec p = spec == null ? new ParallelismSpec() : spec;
        int max = Math.max(1, Math.min(p.max == null ? partitionCap : p.max, partitionCap));
        int min = Math.min(p.min == null ? 1 : p.min, max);
        int initial = Math.max(min, Math.min(p.initial == null ? min : p.initial, max));
        return new ParallelismPlan(initial, min, max);
    }

    private static List<FieldPlan> fields(SchemaSpec schema) {
        return schema.fields.stream().map(f -> new FieldPlan(f.name, FlinkTypeParser.canonical(f.type))).toList();
    }

    private static SecretCredentials credentials(CredentialsSecretRef ref) {
        return ref == null ? null
                : new SecretCredentials(ref.name, ref.usernameKeyOrDefault(), ref.passwordKeyOrDefault());
    }

    private static String trimSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
