package dev.tributary.operator.topic;

import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.kafka.KafkaClusterConfig;
import dev.tributary.operator.kafka.KafkaConnections;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the promise of {@code deletionPolicy: Delete} without a finalizer: every few seconds, and so at start, it
 * deletes the topics in the {@link TopicLedger} whose owner is gone (deleted, or being deleted) — whether it went
 * while the operator ran, while it was down, or with its namespace. An owner counts as gone only when the API server
 * confirms it. A topic another live resource now claims is left to that resource. A topic that cannot be deleted
 * (Kafka unreachable, the owner's credentials deleted with its namespace) is tried again until
 * {@code tributary.topic-deletion-timeout}, then given up with a warning naming it.
 */
@ApplicationScoped
public class OwedTopicDeletions {

    private static final Logger LOG = Logger.getLogger(OwedTopicDeletions.class);
    private static final Duration SWEEP = Duration.ofSeconds(3);

    private final TopicLedger ledger;
    private final TopicClaims claims;
    private final KafkaConnections connections;
    private final KubernetesClient client;
    private final String defaultCluster;
    private final Duration giveUpAfter;
    private final Map<String, Instant> failingSince = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    public OwedTopicDeletions(TopicLedger ledger, TopicClaims claims, KafkaConnections connections,
            KubernetesClient client, KafkaClusterConfig kafka,
            @ConfigProperty(name = "tributary.topic-deletion-timeout", defaultValue = "5m") Duration giveUpAfter) {
        this.ledger = ledger;
        this.claims = claims;
        this.connections = connections;
        this.client = client;
        this.defaultCluster = kafka.bootstrapServers();
        this.giveUpAfter = giveUpAfter;
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "owed-topic-deletions"));
        executor.scheduleWithFixedDelay(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    void sweep() {
        if (!claims.synced()) {
            return; // an owner missing from a half-filled cache is not gone
        }
        try {
            for (OwedDeletion owed : ledger.entries().values()) {
                if (ours(owed) && !claims.alive(owed.uid()) && goneConfirmed(owed)) {
                    settle(owed);
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("deleting the topics of deleted Sources and Sinks failed, trying again in %ss: %s",
                    SWEEP.toSeconds(), e.getMessage());
        }
    }

    /** In a namespace it watches, and not on a default cluster it is no longer configured for. */
    private boolean ours(OwedDeletion owed) {
        return claims.watches(owed.namespace()) && (owed.connection() != null || owed.cluster().equals(defaultCluster));
    }

    private void settle(OwedDeletion owed) {
        List<TopicClaim> others = claims.liveClaims(owed.cluster(), owed.topic());
        if (!others.isEmpty()) {
            LOG.infof("Not deleting %s: %s claims it now and keeps it.", owed.describe(), others.get(0).describe());
            ledger.forget(owed.uid());
            return;
        }
        try {
            connections.topicAdmin(owed.namespace(), owed.connection()).delete(owed.topic());
            LOG.infof("Deleted %s (deletionPolicy Delete), which is gone.", owed.describe());
            ledger.forget(owed.uid());
            failingSince.remove(owed.uid());
        } catch (RuntimeException e) {
            Instant since = failingSince.computeIfAbsent(owed.uid(), uid -> Instant.now());
            if (Instant.now().isAfter(since.plus(giveUpAfter))) {
                LOG.warnf("Gave up deleting %s after %ss (%s): delete it in Kafka by hand if it should go.",
                        owed.describe(), giveUpAfter.toSeconds(), e.getMessage());
                ledger.forget(owed.uid());
                failingSince.remove(owed.uid());
            } else {
                LOG.warnf("Could not delete %s yet, retrying: %s", owed.describe(), e.getMessage());
            }
        }
    }

    /** The cache may lag behind: only the API server saying the owner is absent or being deleted counts. */
    private boolean goneConfirmed(OwedDeletion owed) {
        Class<? extends HasMetadata> kind = "Source".equals(owed.kind()) ? Source.class : Sink.class;
        HasMetadata current = client.resources(kind).inNamespace(owed.namespace()).withName(owed.name()).get();
        return current == null || !owed.uid().equals(current.getMetadata().getUid()) || current.isMarkedForDeletion();
    }
}
