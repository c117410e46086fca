package dev.tributary.runtime.commit;

import java.io.Serializable;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.slf4j.LoggerFactory;

/**
 * Whether a Kafka transaction a restored job is about to commit again was already committed by an earlier attempt:
 * asked from the transaction coordinator ({@code DescribeTransactions}).
 */
public interface KafkaTransactions extends AutoCloseable {

    /**
     * @return true only when the coordinator says the transaction of {@code transactionalId} by this producer id was
     *     committed; false when it was aborted, is open, is unknown, or the coordinator cannot be asked
     */
    boolean alreadyCommitted(String transactionalId, long producerId, short epoch);

    @Override
    void close();

    /**
     * The transaction with this producer id and epoch (or, under Kafka's transaction protocol 2, the epoch its commit
     * bumped it to) ended with a commit.
     */
    static boolean committed(TransactionDescription description, long producerId, short epoch) {
        return description.state() == TransactionState.COMPLETE_COMMIT && description.producerId() == producerId
                && description.producerEpoch() >= epoch && description.producerEpoch() <= epoch + 1;
    }

    /** Opens an admin client on first use. */
    final class FromCluster implements KafkaTransactions, Serializable {

        private static final long serialVersionUID = 1L;
        private final Properties kafka;
        private transient Admin admin;
        private transient boolean warned;

        public FromCluster(Properties kafka) {
            this.kafka = new Properties();
            for (String key : kafka.stringPropertyNames()) {
                if (AdminClientConfig.configNames().contains(key)) {
                    this.kafka.setProperty(key, kafka.getProperty(key));
                }
            }
        }

        @Override
        public boolean alreadyCommitted(String transactionalId, long producerId, short epoch) {
            try {
                if (admin == null) {
                    Properties props = new Properties();
                    props.putAll(kafka);
                    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
                    admin = Admin.create(props);
                }
                TransactionDescription description = admin.describeTransactions(List.of(transactionalId))
                        .description(transactionalId).get(30, TimeUnit.SECONDS);
                return committed(description, producerId, epoch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof TransactionalIdNotFoundException) {
                    return false;
                }
                warnOnce(transactionalId, e.getCause());
                return false;
            } catch (Exception e) {
                warnOnce(transactionalId, e);
                return false;
            }
        }

        private void warnOnce(String transactionalId, Throwable e) {
            if (!warned) {
                warned = true;
                LoggerFactory.getLogger(KafkaTransactions.class).warn("Cannot ask the Kafka cluster whether restored"
                        + " transaction {} was already committed ({}); committing it as usual. Allow"
                        + " DescribeTransactions on the pipeline's transactional ids to tell an already committed"
                        + " transaction from a lost one", transactionalId, String.valueOf(e));
            }
        }

        @Override
        public void close() {
            if (admin != null) {
                admin.close();
                admin = null;
            }
        }
    }
}
