package dev.tributary.runtime;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.v1alpha1.SinkType;
import dev.tributary.api.validation.ExactlyOnceRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** From a plan and the runtime's options to a job ready to start: checks, settings, environment, tables. */
public final class PipelineRunner {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

    /** The plan asks for something that cannot work safely; the message says which setting to change. */
    public static final class RefusedException extends IllegalArgumentException {
        public RefusedException(String message) {
            super(message);
        }
    }

    private PipelineRunner() {
    }

    /** Reads a plan file, or {@code plan.json} in a directory (the mounted ConfigMap). */
    public static PipelinePlan readPlan(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(PlanCodec.CONFIG_MAP_KEY) : path;
        try {
            return PlanCodec.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plan at " + file + ": mount the Pipeline's ConfigMap"
                    + " there, or pass --plan", e);
        }
    }

    public static PipelineJob prepare(PipelinePlan plan, RuntimeOptions options) {
        return prepare(plan, options, StreamExecutionEnvironment::getExecutionEnvironment);
    }

    /**
     * @param environment makes the environment the job runs in from its configuration: the cluster's own (the
     *     default), or one that submits to a Flink cluster started elsewhere
     */
    public static PipelineJob prepare(PipelinePlan plan, RuntimeOptions options,
            Function<Configuration, StreamExecutionEnvironment> environment) {
        Secrets secrets = new Secrets(options.secretsDir());
        Properties kafka = KafkaClientProperties.of(plan.kafka(), secrets);
        Duration brokerMax = options.brokerMaxTransactionTimeout();
        if (ExactlyOnceCheck.isExactlyOnce(plan) && brokerMax == null) {
            brokerMax = ExactlyOnceCheck.brokerMaxTransactionTimeout(kafka);
        }
        if (brokerMax == null) {
            brokerMax = ExactlyOnceRules.BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT;
        }
        List<String> problems = ExactlyOnceCheck.problems(plan, brokerMax);
        if (!problems.isEmpty()) {
            throw new RefusedException("refusing to start pipeline " + plan.namespace() + "/" + plan.name()
                    + ": its exactly-once settings can lose data:\n  - " + String.join("\n  - ", problems));
        }
        ObjectStoreFileSystems.initialize(plan.checkpoints(), JobSettings.of(plan, options, secrets));
        RuntimeOptions resolved = options.withRestorePath(restorePath(plan, options.restorePath(), options.jobId()));
        Configuration conf = JobSettings.of(plan, resolved, secrets);
        LOG.info("Pipeline {}/{} (plan {}) with {}", plan.namespace(), plan.name(), PlanCodec.hash(plan),
                JobSettings.describe(conf));
        StreamExecutionEnvironment env = environment.apply(conf);
        List<String> written = new ArrayList<>();
        written.add(plan.deadLetterTopic());
        plan.sinks().stream().filter(s -> s.kafka() != null).forEach(s -> written.add(s.kafka().topic()));
        Map<String, Integer> topicMaxBytes = TopicMessageLimit.maxMessageBytes(kafka, written);
        int deadLetterMaxBytes = topicMaxBytes.get(plan.deadLetterTopic());
        LOG.info("Dead-letter topic {} takes records of up to {} bytes; larger dead letters are cut to fit",
                plan.deadLetterTopic(), deadLetterMaxBytes);
        if (deadLetterMaxBytes < options.maxRecordBytes()) {
            LOG.warn("Dead-letter topic {} takes records of up to {} bytes, less than the {} bytes a source record"
                    + " may have (--max-record-bytes): larger dead letters lose (part of) their value. Raise the"
                    + " topic's max.message.bytes to keep them whole", plan.deadLetterTopic(), deadLetterMaxBytes,
                    options.maxRecordBytes());
        }
        PipelineJob job = PipelineJob.build(plan, env, kafka, secrets, options.maxRecordBytes(),
                ExactlyOnceCheck.deadLetterTransactionTimeout(plan, brokerMax), deadLetterMaxBytes, topicMaxBytes);
        prepareJdbcTables(job, secrets);
        return job;
    }

    /**
     * Where the job starts from. A job whose fixed id already has a retained checkpoint was running before: its
     * JobManager restarted, so it resumes its own progress rather than going back to what it was first started from.
     */
    static String restorePath(PipelinePlan plan, String requested, String jobId) {
        boolean hasDirectory = plan.checkpoints() != null && plan.checkpoints().directory() != null;
        if (jobId != null && hasDirectory) {
            Optional<String> own = Checkpoints.latestStateOfJob(plan.checkpoints().directory(),
                    plan.checkpoints().savepointDirectory(), jobId);
            if (own.isPresent()) {
                LOG.info("Job {} left state at {}: resuming from it instead of {}", jobId, own.get(),
                        requested == null ? "no state" : requested);
                return own.get();
            }
        }
        return restorePath(plan, requested);
    }

    static String restorePath(PipelinePlan plan, String requested) {
        if (!RuntimeOptions.LATEST.equals(requested)) {
            return requested;
        }
        if (plan.checkpoints() == null || plan.checkpoints().directory() == null) {
            throw new IllegalArgumentException("--restore latest needs the plan's checkpoints.directory");
        }
        Optional<String> latest = Checkpoints.latest(plan.checkpoints().directory());
        if (latest.isEmpty()) {
            LOG.info("No retained checkpoint under {}: starting without state", plan.checkpoints().directory());
            return null;
        }
        LOG.info("Restoring from the latest retained checkpoint {}", latest.get());
        return latest.get();
    }

    private static void prepareJdbcTables(PipelineJob job, Secrets secrets) {
        for (PipelineJob.SinkTable table : job.sinkTables()) {
            SinkPlan sink = table.plan();
            if (sink.type() == SinkType.JDBC && sink.jdbc() != null) {
                String user = sink.jdbc().credentials() == null ? null : secrets.username(sink.jdbc().credentials());
                String password = sink.jdbc().credentials() == null ? null
                        : secrets.password(sink.jdbc().credentials());
                dev.tributary.runtime.sink.JdbcTables.createIfMissing(sink.jdbc().url(), user, password,
                        sink.jdbc().table(), table.columns(), sink.jdbc().upsertKey());
            }
        }
    }
}
