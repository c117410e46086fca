package dev.tributary.runtime.commit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka connector's committer, told apart from a false alarm. A job restored from a checkpoint commits that
 * checkpoint's transactions again; those the killed attempt had already committed fail with "producer is already
 * fenced", which the connector logs as an ERROR that "most likely signals data loss" — though nothing was lost. So
 * before a restored transaction (one without a live producer) is handed to the connector, the transaction
 * coordinator is asked: one it reports committed by that producer is logged at INFO and marked committed; everything
 * else goes to the connector, whose errors for real failures (an aborted or timed-out transaction) stay ERROR.
 */
public final class RecoveryAwareCommitter implements Committer<KafkaCommittable> {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryAwareCommitter.class);
    /** The sentence of the INFO line; tests look for it. */
    public static final String ALREADY_COMMITTED = "was already committed before the restart: its records are in the"
            + " topic, there is nothing to commit again and no data was lost";

    private final Committer<KafkaCommittable> delegate;
    private final KafkaTransactions transactions;

    public RecoveryAwareCommitter(Committer<KafkaCommittable> delegate, KafkaTransactions transactions) {
        this.delegate = delegate;
        this.transactions = transactions;
    }

    @Override
    public void commit(Collection<CommitRequest<KafkaCommittable>> requests) throws IOException, InterruptedException {
        List<CommitRequest<KafkaCommittable>> rest = new ArrayList<>(requests.size());
        for (CommitRequest<KafkaCommittable> request : requests) {
            KafkaCommittable c = request.getCommittable();
            boolean restored = c.getProducer().isEmpty();
            if (restored && transactions.alreadyCommitted(c.getTransactionalId(), c.getProducerId(), c.getEpoch())) {
                LOG.info("Kafka transaction {} (producer id {}, epoch {}) {}", c.getTransactionalId(),
                        c.getProducerId(), c.getEpoch(), ALREADY_COMMITTED);
                request.signalAlreadyCommitted();
            } else {
                rest.add(request);
            }
        }
        if (!rest.isEmpty()) {
            delegate.commit(rest);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            delegate.close();
        } finally {
            transactions.close();
        }
    }
}
