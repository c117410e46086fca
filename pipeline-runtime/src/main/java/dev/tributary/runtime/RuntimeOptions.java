package dev.tributary.runtime;

import dev.tributary.api.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the runtime takes besides the plan, from arguments (first) and the environment.
 *
 * @param planPath the plan file, or a directory holding {@code plan.json} (the mounted ConfigMap)
 * @param restorePath a savepoint or retained checkpoint to start from; {@code latest} means the newest retained
 *     checkpoint under the plan's checkpoint directory (none found: start fresh); null: start fresh
 * @param allowNonRestoredState start even if the savepoint holds state no operator of the new job claims
 * @param parallelism overrides the plan's initial parallelism (local runs and tests); null: the plan's
 * @param secretsDir where Secrets are mounted
 * @param metricsPort the Prometheus reporter's port or port range, e.g. {@code 9249} or {@code 9250-9260}
 * @param restPort the REST port of a local MiniCluster run; null: Flink's choice
 * @param brokerMaxTransactionTimeout the brokers' transaction.max.timeout.ms if known; null: ask the broker
 * @param maxRecordBytes a source record value larger than this is a dead letter
 * @param jobId the Flink job id to run under (32 hex digits), fixed per deployment by the operator: a restarted
 *     JobManager finds this job's own newest checkpoint and resumes from it instead of {@code restorePath}; null:
 *     Flink's random id, and always {@code restorePath}
 */
public record RuntimeOptions(Path planPath, String restorePath, boolean allowNonRestoredState, Integer parallelism,
        Path secretsDir, String metricsPort, Integer restPort, Duration brokerMaxTransactionTimeout,
        int maxRecordBytes, String jobId) {

    public static final String PLAN_ENV = "TRIBUTARY_PLAN";
    public static final String RESTORE_ENV = "TRIBUTARY_RESTORE_PATH";
    public static final String DEFAULT_PLAN = "/etc/tributary/plan/plan.json";
    public static final String DEFAULT_METRICS_PORT = "9249";
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
    public static final String LATEST = "latest";

    static final String USAGE = """
            usage: PipelineMain [--plan <file or dir>] [--restore <savepoint/checkpoint path | latest>]
                                [--allow-non-restored-state] [--parallelism <n>] [--secrets-dir <dir>]
                                [--metrics-port <port or range>] [--rest-port <port>]
                                [--broker-max-transaction-timeout <duration, e.g. 15m>] [--max-record-bytes <n>]
                                [--job-id <32 hex digits>]
              --plan defaults to $TRIBUTARY_PLAN, else /etc/tributary/plan/plan.json
              --restore defaults to $TRIBUTARY_RESTORE_PATH; 'latest' picks the newest retained checkpoint
              --job-id fixes the job's id; a retained checkpoint of that job wins over --restore (a restarted
                JobManager resumes its own progress)
              --secrets-dir defaults to $TRIBUTARY_SECRETS_DIR, else /etc/tributary/secrets""";

    /** Defaults for a plan at {@code planPath}, everything else unset. */
    public static RuntimeOptions forPlan(Path planPath) {
        return new RuntimeOptions(planPath, null, false, null, Path.of(Secrets.DEFAULT_DIR), DEFAULT_METRICS_PORT,
                null, null, DEFAULT_MAX_RECORD_BYTES, null);
    }

    public static RuntimeOptions parse(String[] args, Map<String, String> env) {
        String plan = orDefault(env.get(PLAN_ENV), DEFAULT_PLAN);
        String restore = blankToNull(env.get(RESTORE_ENV));
        boolean allowNonRestored = false;
        Integer parallelism = null;
        String secrets = orDefault(env.get(Secrets.ENV), Secrets.DEFAULT_DIR);
        String metricsPort = DEFAULT_METRICS_PORT;
        Integer restPort = null;
        Duration brokerMax = null;
        int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        String jobId = null;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            switch (arg) {
                case "--plan" -> plan = value(rest, arg);
                case "--restore" -> restore = value(rest, arg);
                case "--allow-non-restored-state" -> allowNonRestored = true;
                case "--parallelism" -> parallelism = positive(value(rest, arg), arg);
                case "--secrets-dir" -> secrets = value(rest, arg);
                case "--metrics-port" -> metricsPort = value(rest, arg);
                case "--rest-port" -> restPort = positive(value(rest, arg), arg);
                case "--broker-max-transaction-timeout" -> brokerMax = Durations.parse(value(rest, arg));
                case "--max-record-bytes" -> maxRecordBytes = positive(value(rest, arg), arg);
                case "--job-id" -> jobId = jobId(value(rest, arg));
                case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
            }
        }
        return new RuntimeOptions(Path.of(plan), restore, allowNonRestored, parallelism, Path.of(secrets), metricsPort,
                restPort, brokerMax, maxRecordBytes, jobId);
    }

    public RuntimeOptions withRestorePath(String path) {
        return new RuntimeOptions(planPath, path, allowNonRestoredState, parallelism, secretsDir, metricsPort, restPort,
                brokerMaxTransactionTimeout, maxRecordBytes, jobId);
    }

    public RuntimeOptions withParallelism(Integer p) {
        return new RuntimeOptions(planPath, restorePath, allowNonRestoredState, p, secretsDir, metricsPort, restPort,
                brokerMaxTransactionTimeout, maxRecordBytes, jobId);
    }

    public RuntimeOptions withMetricsPort(String port) {
        return new RuntimeOptions(planPath, restorePath, allowNonRestoredState, parallelism, secretsDir, port, restPort,
                brokerMaxTransactionTimeout, maxRecordBytes, jobId);
    }

    public RuntimeOptions withSecretsDir(Path dir) {
        return new RuntimeOptions(planPath, restorePath, allowNonRestoredState, parallelism, dir, metricsPort, restPort,
                brokerMaxTransactionTimeout, maxRecordBytes, jobId);
    }

    public RuntimeOptions withMaxRecordBytes(int bytes) {
        return new RuntimeOptions(planPath, restorePath, allowNonRestoredState, parallelism, secretsDir, metricsPort,
                restPort, brokerMaxTransactionTimeout, bytes, jobId);
    }

    public RuntimeOptions withBrokerMaxTransactionTimeout(Duration max) {
        return new RuntimeOptions(planPath, restorePath, allowNonRestoredState, parallelism, secretsDir, metricsPort,
                restPort, max, maxRecordBytes, jobId);
    }

    public RuntimeOptions withJobId(String id) {
        return new RuntimeOptions(planPath, restorePath, allowNonRestoredState, parallelism, secretsDir, metricsPort,
                restPort, brokerMaxTransactionTimeout, maxRecordBytes, id == null ? null : jobId(id));
    }

    private static String jobId(String value) {
        if (!value.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("--job-id needs a Flink job id: 32 lower-case hex digits, not '" + value
                    + "'");
        }
        return value;
    }

    private static String value(List<String> rest, String arg) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(arg + " needs a value\n" + USAGE);
        }
        return rest.remove(0);
    }

    private static int positive(String value, String arg) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(arg + " needs a positive whole number, not '" + value + "'");
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
