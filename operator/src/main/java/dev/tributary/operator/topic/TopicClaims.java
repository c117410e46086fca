package dev.tributary.operator.topic;

import dev.tributary.api.TopicNames;
import dev.tributary.api.v1alpha1.KafkaConnectionSpec;
import dev.tributary.api.v1alpha1.ResourceStatus;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.api.v1alpha1.TopicStatus;
import dev.tributary.operator.kafka.KafkaClusterConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Who claims which topic, across every namespace, from informer caches (no API calls per reconcile). Two
 * resources that name the same topic on the same cluster conflict; the older one owns the topic.
 */
@ApplicationScoped
public class TopicClaims {

    private static final Logger LOG = Logger.getLogger(TopicClaims.class);
    private static final String BY_TOPIC = "byTopic";

    private final KubernetesClient client;
    private final String defaultCluster;
    private SharedIndexInformer<Source> sources;
    private SharedIndexInformer<Sink> sinks;

    public TopicClaims(KubernetesClient client, KafkaClusterConfig kafka) {
        this.client = client;
        this.defaultCluster = kafka.bootstrapServers();
    }

    void start(@Observes StartupEvent event) {
        sources = client.resources(Source.class).inAnyNamespace().runnableInformer(0);
        sources.addIndexers(Map.of(BY_TOPIC, s -> claimOf(s).map(c -> List.of(key(c))).orElse(List.of())));
        sinks = client.resources(Sink.class).inAnyNamespace().runnableInformer(0);
        sinks.addIndexers(Map.of(BY_TOPIC, s -> claimOf(s).map(c -> List.of(key(c))).orElse(List.of())));
        // A list that fails (an API server slow or restarting) is tried again, also the first one: by default an
        // informer whose first list fails stops for good, and no topic ownership or deletion could ever be decided.
        sources.exceptionHandler(TopicClaims::retry);
        sinks.exceptionHandler(TopicClaims::retry);
        sources.start();
        sinks.start();
    }

    private static boolean retry(boolean started, Throwable failure) {
        LOG.warnf("listing or watching Sources and Sinks failed, trying again: %s", failure.getMessage());
        return true;
    }

        void stop(@Observes ShutdownEvent event) {
        if (sources != null) {
            sources.close();
            sinks.close();
        }
    }

    /** The claim that owns the same topic as {@code claim}, which may be {@code claim} itself. */
    public TopicClaim owner(TopicClaim claim) {
        awaitSynced();
        List<TopicClaim> all = new ArrayList<>();
        all.add(claim);
        collect(all, sources, key(claim));
        collect(all, sinks, key(claim));
        return TopicClaim.owner(all).orElse(claim);
    }

    /** Ownership decided on a half-filled cache would be wrong; wait for the first full list. */
    private void awaitSynced() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (sources == null || !sources.hasSynced() || !sinks.hasSynced()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Source and Sink caches did not fill within 60s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public Optional<TopicClaim> claimOf(Source source) {
        return Optional.of(claim(source, TopicNames.of(source), source.getSpec().kafkaConnection,
                source.getStatus() == null ? null : source.getStatus().topic, source.getStatus()));
    }

    public Optional<TopicClaim> claimOf(Sink sink) {
        return sink.getSpec() == null || sink.getSpec().kafka == null ? Optional.empty()
                : Optional.of(claim(sink, TopicNames.of(sink), sink.getSpec().kafkaConnection,
                        sink.getStatus() == null ? null : sink.getStatus().topic, sink.getStatus()));
    }

    /** Sources being deleted that still carry the topic-deletion finalizer (from the cache, no API call). */
    public List<Source> sourcesToFinalize() {
        return toFinalize(sources);
    }

    public List<Sink> sinksToFinalize() {
        return toFinalize(sinks);
    }

    private static <T extends HasMetadata> List<T> toFinalize(SharedIndexInformer<T> informer) {
        return informer == null ? List.of() : informer.getStore().list().stream()
                .filter(r -> r.isMarkedForDeletion() && r.hasFinalizer(TopicLifecycle.FINALIZER)).toList();
    }

    private <T extends HasMetadata> void collect(List<TopicClaim> into, SharedIndexInformer<T> informer, String key) {
        if (informer == null) {
            return;
        }
        Function<T, Optional<TopicClaim>> claimOf = r -> r instanceof Source s ? claimOf(s) : claimOf((Sink) r);
        for (T resource : informer.getIndexer().byIndex(BY_TOPIC, key)) {
            claimOf.apply(resource).filter(c -> !into.get(0).uid().equals(c.uid())).ifPresent(into::add);
        }
    }

    private TopicClaim claim(HasMetadata resource, String topic, KafkaConnectionSpec connection,
            TopicStatus observed, ResourceStatus status) {
        String cluster = connection == null ? defaultCluster : connection.bootstrapServers;
        boolean established = observed != null && topic.equals(observed.name) && status.isReady();
        return new TopicClaim(cluster, topic, resource.getKind(), resource.getMetadata().getNamespace(),
                resource.getMetadata().getName(), resource.getMetadata().getCreationTimestamp(),
                resource.getMetadata().getUid(), established);
    }

    private static String key(TopicClaim claim) {
        return claim.cluster() + "|" + claim.topic();
    }
}
