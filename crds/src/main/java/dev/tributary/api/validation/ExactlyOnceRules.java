package dev.tributary.api.validation;

import dev.tributary.api.Durations;
import java.time.Duration;
import java.util.Optional;

/**
 * When exactly-once can silently lose data. A Kafka sink's transaction stays open from one checkpoint until the
 * next completes, and after a failure until the restarted job commits it; if the broker aborts it first, the
 * records in it are gone. So the transaction timeout must outlast interval + checkpoint timeout + restart budget,
 * and the broker must allow that timeout at all.
 */
public final class ExactlyOnceRules {

    /** Time a failed job gets to restart and commit its pending transactions: restart backoff plus recovery. */
    public static final Duration RESTART_BUDGET = Duration.ofMinutes(2);
    /** Kafka's default transaction.max.timeout.ms, and our default transaction timeout. */
    public static final Duration BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);
    public static final String DEFAULT_TRANSACTION_TIMEOUT = "15m";

    private ExactlyOnceRules() {
    }

    /** Why a Kafka sink's transactions could be aborted before they commit, or empty when they cannot. */
    public static Optional<String> transactionTimeoutProblem(String sinkName, Duration checkpointInterval,
            Duration checkpointTimeout, Duration transactionTimeout, Duration brokerMaxTransactionTimeout) {
        if (transactionTimeout.compareTo(brokerMaxTransactionTimeout) > 0) {
            return Optional.of("Kafka sink '" + sinkName + "' asks for transactionTimeout "
                    + Durations.format(transactionTimeout) + " but the broker allows at most "
                    + Durations.format(brokerMaxTransactionTimeout) + " (transaction.max.timeout.ms), so every"
                    + " transaction would be refused: lower the sink's kafka.transactionTimeout or raise the broker's"
                    + " transaction.max.timeout.ms");
        }
        Duration needed = checkpointInterval.plus(checkpointTimeout).plus(RESTART_BUDGET);
        if (transactionTimeout.compareTo(needed) <= 0) {
            return Optional.of("with exactly-once, Kafka sink '" + sinkName + "' keeps a transaction open for up to"
                    + " checkpoints.interval (" + Durations.format(checkpointInterval) + ") + checkpoints.timeout ("
                    + Durations.format(checkpointTimeout) + ") + restart budget (" + Durations.format(RESTART_BUDGET)
                    + ") = " + Durations.format(needed) + ", longer than its transactionTimeout ("
                    + Durations.format(transactionTimeout) + "), so the broker could abort it and lose its records:"
                    + " shorten checkpoints.interval or checkpoints.timeout, or raise the sink's kafka.transactionTimeout");
        }
        return Optional.empty();
    }
}
