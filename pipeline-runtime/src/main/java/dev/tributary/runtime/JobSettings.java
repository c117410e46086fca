package dev.tributary.runtime;

import dev.tributary.api.plan.CheckpointPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanCodec;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.FlinkConfigurationPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink configuration of a pipeline's job, from its plan: checkpointing, restarts, restore, metrics, and the
 * defaults that make Flink SQL fast. The plan's {@code flinkConfiguration} goes in first, so it can change any
 * default here, but never a key Tributary owns ({@link FlinkConfigurationPolicy}): those are set from the plan.
 */
public final class JobSettings {

    /** The job parameter that names the plan's hash; the operator's Flink client reads the same key. */
    public static final String PLAN_HASH_PARAMETER = "tributary.plan-hash";

    /**
     * The first restart waits this long; each next one twice as long, up to {@link #MAX_RESTART_BACKOFF}. Flink's
     * 1 s was a sixth of a job's recovery from a lost TaskManager (bench B6); a job that keeps failing still waits
     * 60 s between restarts after its ninth.
     */
    public static final Duration INITIAL_RESTART_BACKOFF = Duration.ofMillis(250);
    /** Well inside ExactlyOnceRules.RESTART_BUDGET, so a restarted job commits before transactions time out. */
    public static final Duration MAX_RESTART_BACKOFF = Duration.ofSeconds(60);
    /** After this long without a failure the backoff starts again at {@link #INITIAL_RESTART_BACKOFF}. */
    public static final Duration RESET_BACKOFF_AFTER = Duration.ofMinutes(10);
    /** Key groups: fixed, so state can always be rescaled up to this parallelism. */
    public static final int MAX_PARALLELISM = 1024;
    public static final String PROMETHEUS_REPORTER = "prom";
    public static final String MINI_BATCH_ENABLED = "table.exec.mini-batch.enabled";
    private static final Logger LOG = LoggerFactory.getLogger(JobSettings.class);

    private JobSettings() {
    }

    public static Configuration of(PipelinePlan plan, RuntimeOptions options, Secrets secrets) {
        Configuration conf = new Configuration();
        // Defaults a hand-written Flink SQL job does not get, which the runtime's performance relies on.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // ... unless it would change what the SQL computes (MiniBatchRule); the plan's flinkConfiguration still wins.
        Optional<String> miniBatchOff = MiniBatchRule.whyOff(plan.sql());
        conf.setString(MINI_BATCH_ENABLED, String.valueOf(miniBatchOff.isEmpty()));
        conf.setString("table.exec.mini-batch.allow-latency", "200 ms");
        conf.setString("table.exec.mini-batch.size", "5000");
        if (plan.flinkConfiguration().containsKey(MINI_BATCH_ENABLED)) {
            LOG.info("Mini-batch: {} from the Pipeline's flinkConfiguration", plan.flinkConfiguration()
                    .get(MINI_BATCH_ENABLED));
        } else if (miniBatchOff.isPresent()) {
            LOG.info("Mini-batch off: {}", miniBatchOff.get());
        } else {
            LOG.info("Mini-batch on (200 ms / 5000 rows): the SQL reads no watermark and no processing time directly");
        }
        // Sink columns reach the planner nullable (SinkTables.schema): a null in a NOT NULL column becomes a dead
        // letter naming the column (SinkGuard). Only an upsert key stays NOT NULL to Flink; a null there has no row
        // to upsert, and fails the job with Flink's message naming the column rather than vanishing silently.
        conf.setString("table.exec.sink.not-null-enforcer", "ERROR");
        conf.setString("metrics.latency.interval", "0");

        plan.flinkConfiguration().forEach((key, value) -> {
            if (FlinkConfigurationPolicy.whyForbidden(key).isEmpty()) {
                conf.setString(key, value);
            }
        });

        conf.set(PipelineOptions.NAME, plan.namespace() + "/" + plan.name());
        // The operator reads it back through the REST API (/jobs/<id>/config) to know which plan a job runs.
        conf.set(PipelineOptions.GLOBAL_JOB_PARAMETERS, Map.of(PLAN_HASH_PARAMETER, PlanCodec.hash(plan)));
        int parallelism = options.parallelism() != null ? options.parallelism()
                : plan.parallelism() == null ? 1 : plan.parallelism().initial();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        if (!plan.flinkConfiguration().containsKey(PipelineOptions.MAX_PARALLELISM.key())) {
            conf.set(PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
        }

        checkpointing(conf, plan.checkpoints());
        objectStore(conf, plan.checkpoints(), secrets);

        if (!plan.flinkConfiguration().containsKey(RestartStrategyOptions.RESTART_STRATEGY.key())) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, INITIAL_RESTART_BACKOFF);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, MAX_RESTART_BACKOFF);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
                    RESET_BACKOFF_AFTER);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        }

        if (options.jobId() != null) {
            conf.set(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID, options.jobId());
        }
        String restore = options.restorePath();
        if (restore != null && !restore.isBlank()) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restore);
            conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, options.allowNonRestoredState());
        }

        // A local run (a MiniCluster with its REST port given) serves its metrics on 127.0.0.1 only, like its REST API.
        conf.setString("metrics.reporter." + PROMETHEUS_REPORTER + ".factory.class", options.restPort() != null
                ? LoopbackPrometheusReporterFactory.class.getName()
                : "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter." + PROMETHEUS_REPORTER + ".port", options.metricsPort());
        if (options.restPort() != null) {
            conf.set(RestOptions.BIND_PORT, String.valueOf(options.restPort()));
            conf.set(RestOptions.PORT, options.restPort());
            conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            conf.set(RestOptions.ADDRESS, "127.0.0.1");
            // The blob server (it binds the JobManager's bind host) and the TaskManager's network stack, too.
            conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
            conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
            conf.set(TaskManagerOptions.HOST, "127.0.0.1");
        }
        return conf;
    }

    private static void checkpointing(Configuration conf, CheckpointPlan checkpoints) {
        if (checkpoints == null) {
            return;
        }
        Duration interval = Duration.ofMillis(checkpoints.intervalMs());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                checkpoints.guarantee() == DeliveryGuarantee.AT_LEAST_ONCE ? CheckpointingMode.AT_LEAST_ONCE
                        : CheckpointingMode.EXACTLY_ONCE);
        if (checkpoints.timeoutMs() > 0) {
            conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMillis(checkpoints.timeoutMs()));
        }
        // Leave the job room to work between checkpoints that take long.
        conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS,
                Duration.ofMillis(Math.min(checkpoints.intervalMs() / 4, 5_000)));
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, Math.max(1, checkpoints.retained()));
        conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 3);
        if (checkpoints.directory() != null) {
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.directory());
        }
        if (checkpoints.savepointDirectory() != null) {
            conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, checkpoints.savepointDirectory());
        }
    }

    /**
     * S3 and S3-compatible object stores: the endpoint and addressing from the plan, the access key id and secret key
     * from the plan's Secret. Without a Secret the S3 file system falls back to AWS's usual credential chain
     * (environment, web identity, instance profile).
     */
    private static void objectStore(Configuration conf, CheckpointPlan checkpoints, Secrets secrets) {
        if (checkpoints == null) {
            return;
        }
        if (checkpoints.objectStoreEndpoint() != null) {
            conf.setString("s3.endpoint", checkpoints.objectStoreEndpoint());
        }
        if (checkpoints.objectStorePathStyleAccess() != null) {
            conf.setString("s3.path.style.access", checkpoints.objectStorePathStyleAccess().toString());
        }
        if (checkpoints.objectStoreCredentials() != null) {
            conf.setString("s3.access-key", secrets.username(checkpoints.objectStoreCredentials()));
            conf.setString("s3.secret-key", secrets.password(checkpoints.objectStoreCredentials()));
        }
    }

    /** The settings as strings, for logs and tests; secret values masked. */
    public static Map<String, String> describe(Configuration conf) {
        Map<String, String> map = new java.util.TreeMap<>(conf.toMap());
        map.replaceAll((k, v) -> k.contains("secret") || k.contains("password") ? "******" : v);
        return map;
    }
}
