package dev.tributary.runtime.commit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;

class RecoveryAwareCommitterTest {

    @Test
    void aTransactionIsAlreadyCommittedOnlyWhenTheCoordinatorSaysSoForThatProducer() {
        assertThat(KafkaTransactions.committed(description(TransactionState.COMPLETE_COMMIT, 9, 2), 9, (short) 1))
                .as("committed, epoch bumped by the commit (transaction protocol 2)").isTrue();
        assertThat(KafkaTransactions.committed(description(TransactionState.COMPLETE_COMMIT, 9, 1), 9, (short) 1))
                .isTrue();
        assertThat(KafkaTransactions.committed(description(TransactionState.COMPLETE_ABORT, 9, 2), 9, (short) 1))
                .as("aborted (timed out): real data loss").isFalse();
        assertThat(KafkaTransactions.committed(description(TransactionState.ONGOING, 9, 1), 9, (short) 1)).isFalse();
        assertThat(KafkaTransactions.committed(description(TransactionState.EMPTY, 9, 3), 9, (short) 1)).isFalse();
        assertThat(KafkaTransactions.committed(description(TransactionState.COMPLETE_COMMIT, 12, 2), 9, (short) 1))
                .as("another producer's transaction").isFalse();
        assertThat(KafkaTransactions.committed(description(TransactionState.COMPLETE_COMMIT, 9, 5), 9, (short) 1))
                .as("a later transaction of the same id").isFalse();
    }

    @Test
    void onlyRestoredTransactionsTheCoordinatorReportsCommittedAreSkippedEverythingElseGoesToTheConnector()
            throws Exception {
        FakeTransactions transactions = new FakeTransactions(Map.of("t-committed", true, "t-aborted", false));
        RecordingCommitter connector = new RecordingCommitter();
        RecoveryAwareCommitter committer = new RecoveryAwareCommitter(connector, transactions);

        Request committed = new Request(new KafkaCommittable(9, (short) 1, "t-committed", null));
        Request aborted = new Request(new KafkaCommittable(10, (short) 1, "t-aborted", null));
        committer.commit(List.of(committed, aborted));

        assertThat(committed.alreadyCommitted).isTrue();
        assertThat(connector.received).as("a real failure is the connector's to report, at ERROR")
                .containsExactly(aborted);
        assertThat(aborted.alreadyCommitted).isFalse();
        assertThat(transactions.asked).containsExactly("t-committed", "t-aborted");

        committer.close();
        assertThat(connector.closed).isTrue();
        assertThat(transactions.closed).isTrue();
    }

    private static TransactionDescription description(TransactionState state, long producerId, int epoch) {
        return new TransactionDescription(1, state, producerId, epoch, 60_000, OptionalLong.empty(), Set.of());
    }

    private static final class FakeTransactions implements KafkaTransactions {
        final Map<String, Boolean> committed;
        final List<String> asked = new ArrayList<>();
        boolean closed;

        FakeTransactions(Map<String, Boolean> committed) {
            this.committed = committed;
        }

        @Override
        public boolean alreadyCommitted(String transactionalId, long producerId, short epoch) {
            asked.add(transactionalId);
            return committed.getOrDefault(transactionalId, false);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static final class RecordingCommitter implements Committer<KafkaCommittable> {
        final List<CommitRequest<KafkaCommittable>> received = new ArrayList<>();
        boolean closed;

        @Override
        public void commit(Collection<CommitRequest<KafkaCommittable>> requests) {
            received.addAll(requests);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static final class Request implements Committer.CommitRequest<KafkaCommittable> {
        final KafkaCommittable committable;
        boolean alreadyCommitted;

        Request(KafkaCommittable committable) {
            this.committable = committable;
        }

        @Override
        public KafkaCommittable getCommittable() {
            return committable;
        }

        @Override
        public int getNumberOfRetries() {
            return 0;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
        }

        @Override
        public void retryLater() {
        }

        @Override
        public void updateAndRetryLater(KafkaCommittable committable) {
        }

        @Override
        public void signalAlreadyCommitted() {
            alreadyCommitted = true;
        }
    }
}
