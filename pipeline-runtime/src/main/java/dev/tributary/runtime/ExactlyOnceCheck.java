package dev.tributary.runtime;

import dev.tributary.api.plan.CheckpointPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.SinkType;
import dev.tributary.api.validation.ExactlyOnceRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses an exactly-once setting that can lose data: every transactional Kafka producer of the job (each Kafka
 * sink, and the dead-letter sink) must keep its transactions open longer than a checkpoint interval plus checkpoint
 * timeout plus the restart budget, and no longer than the broker allows.
 */
public final class ExactlyOnceCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceCheck.class);
    static final String BROKER_MAX_KEY = "transaction.max.timeout.ms";

    private ExactlyOnceCheck() {
    }

    /** Every reason the plan could lose data under exactly-once; empty when it cannot (or is not exactly-once). */
    public static List<String> problems(PipelinePlan plan, Duration brokerMax) {
        List<String> problems = new ArrayList<>();
        CheckpointPlan checkpoints = plan.checkpoints();
        if (!isExactlyOnce(plan)) {
            return problems;
        }
        if (checkpoints.intervalMs() <= 0) {
            problems.add("exactly-once commits Kafka transactions on checkpoints, but checkpoints.interval is "
                    + checkpoints.intervalMs() + "ms: set checkpoints.interval");
            return problems;
        }
        Duration interval = Duration.ofMillis(checkpoints.intervalMs());
        Duration timeout = Duration.ofMillis(checkpoints.timeoutMs());
        for (SinkPlan sink : plan.sinks()) {
            if (sink.type() == SinkType.KAFKA && sink.kafka() != null) {
                ExactlyOnceRules.transactionTimeoutProblem(sink.name(), interval, timeout,
                        Duration.ofMillis(sink.kafka().transactionTimeoutMs()), brokerMax).ifPresent(problems::add);
            }
        }
        ExactlyOnceRules.transactionTimeoutProblem("dead letters (" + plan.deadLetterTopic() + ")", interval, timeout,
                deadLetterTransactionTimeout(plan, brokerMax), brokerMax).ifPresent(problems::add);
        return problems;
    }

    public static boolean isExactlyOnce(PipelinePlan plan) {
        return plan.checkpoints() != null && plan.checkpoints().guarantee() == DeliveryGuarantee.EXACTLY_ONCE;
    }

    /**
     * The dead-letter producer's transaction timeout (the plan has no setting for it): the shortest Kafka sink
     * timeout when there is one, else Kafka's default maximum, never above what the broker allows.
     */
    public static Duration deadLetterTransactionTimeout(PipelinePlan plan, Duration brokerMax) {
        Duration timeout = plan.sinks().stream()
                .filter(s -> s.type() == SinkType.KAFKA && s.kafka() != null)
                .map(s -> Duration.ofMillis(s.kafka().transactionTimeoutMs()))
                .min(Duration::compareTo)
                .orElse(ExactlyOnceRules.BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT);
        return timeout.compareTo(brokerMax) > 0 ? brokerMax : timeout;
    }

    /**
     * The brokers' transaction.max.timeout.ms, asked from the cluster; Kafka's default when the cluster does not
     * say (no DescribeConfigs permission, say), with a warning.
     */
    public static Duration brokerMaxTransactionTimeout(Properties kafka) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(props)) {
            Node node = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next();
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node.idString());
            Config config = admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
            Optional<String> value = Optional.ofNullable(config.get(BROKER_MAX_KEY)).map(ConfigEntry::value);
            if (value.isPresent()) {
                return Duration.ofMillis(Long.parseLong(value.get()));
            }
        } catch (Exception e) {
            LOG.warn("Cannot read {} from the Kafka cluster ({}); assuming Kafka's default of {}", BROKER_MAX_KEY,
                    e.toString(), ExactlyOnceRules.BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT);
        }
        return ExactlyOnceRules.BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT;
    }
}
