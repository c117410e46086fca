package dev.tributary.operator.topic;

import dev.tributary.api.TopicNames;
import dev.tributary.api.v1alpha1.KafkaConnectionSpec;
import dev.tributary.api.v1alpha1.ResourceStatus;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.api.v1alpha1.TopicStatus;
import dev.tributary.operator.common.WatchedNamespaces;
import dev.tributary.operator.kafka.KafkaClusterConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
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
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Who claims which topic, across every watched namespace, from informer caches (no API calls per reconcile). Two
 * resources that name the same topic on the same cluster conflict; the older one owns the topic. With
 * {@code tributary.watch-namespaces} set, one informer per namespace: the operator's RBAC reaches no further.
 */
@ApplicationScoped
public class TopicClaims {

    private static final Logger LOG = Logger.getLogger(TopicClaims.class);
    private static final String BY_TOPIC = "byTopic";

    private final KubernetesClient client;
    private final String defaultCluster;
    private final WatchedNamespaces namespaces;
    private volatile List<SharedIndexInformer<Source>> sources;
    private volatile List<SharedIndexInformer<Sink>> sinks;

    public TopicClaims(KubernetesClient client, KafkaClusterConfig kafka,
            @ConfigProperty(name = "tributary.watch-namespaces") Optional<List<String>> watched) {
        this.client = client;
        this.defaultCluster = kafka.bootstrapServers();
        this.namespaces = WatchedNamespaces.of(watched);
    }

    void start(@Observes StartupEvent event) {
        sources = informers(client.resources(Source.class), this::claimOf);
        sinks = informers(client.resources(Sink.class), this::claimOf);
    }

    private <T extends HasMetadata> List<SharedIndexInformer<T>> informers(MixedOperation<T, ?, ?> resources,
            Function<T, Optional<TopicClaim>> claimOf) {
        List<SharedIndexInformer<T>> informers = namespaces.all()
                ? List.of(resources.inAnyNamespace().runnableInformer(0))
                : namespaces.names().stream().map(ns -> resources.inNamespace(ns).runnableInformer(0)).toList();
        for (SharedIndexInformer<T> informer : informers) {
            informer.addIndexers(Map.of(BY_TOPIC, r -> claimOf.apply(r).map(c -> List.of(key(c))).orElse(List.of())));
            // A list that fails (an API server slow or restarting) is tried again, also the first one: by default an
            // informer whose first list fails stops for good, and no topic ownership or deletion could ever be decided.
            informer.exceptionHandler(TopicClaims::retry);
            informer.start();
        }
        return informers;
    }

    private static boolean retry(boolean started, Throwable failure) {
        LOG.warnf("listing or watching Sources and Sinks failed, trying again: %s", failure.getMessage());
        return true;
    }

    void stop(@Observes ShutdownEvent event) {
        Stream.of(sources, sinks).filter(java.util.Objects::nonNull).flatMap(List::stream)
                .forEach(SharedIndexInformer::close);
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
        while (!synced()) {
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

    /** True once the first full list of Sources and Sinks is in the caches. */
    public boolean synced() {
        return sources != null && sinks != null
                && Stream.concat(sources.stream(), sinks.stream()).allMatch(SharedIndexInformer::hasSynced);
    }

    public boolean watches(String namespace) {
        return namespaces.all() || namespaces.names().contains(namespace);
    }

    /** True when the cache holds the resource {@code uid} and it is not being deleted. */
    public boolean alive(String uid) {
        return Stream.of(sources, sinks).filter(java.util.Objects::nonNull).flatMap(List::stream)
                .flatMap(i -> i.getStore().list().stream().map(HasMetadata.class::cast))
                .anyMatch(r -> uid.equals(r.getMetadata().getUid()) && !r.isMarkedForDeletion());
    }

    /** The claims of a topic by resources that are not being deleted (from the caches). */
    public List<TopicClaim> liveClaims(String cluster, String topic) {
        String key = cluster + "|" + topic;
        List<TopicClaim> claims = new ArrayList<>();
        for (List<? extends SharedIndexInformer<? extends HasMetadata>> informers : List.of(
                sources == null ? List.<SharedIndexInformer<Source>>of() : sources,
                sinks == null ? List.<SharedIndexInformer<Sink>>of() : sinks)) {
            for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
                for (HasMetadata resource : informer.getIndexer().byIndex(BY_TOPIC, key)) {
                    if (!resource.isMarkedForDeletion()) {
                        (resource instanceof Source s ? claimOf(s) : claimOf((Sink) resource)).ifPresent(claims::add);
                    }
                }
            }
        }
        return claims;
    }

    /** Sources being deleted that still carry the topic-deletion finalizer (from the cache, no API call). */
    public List<Source> sourcesToFinalize() {
        return toFinalize(sources);
    }

    public List<Sink> sinksToFinalize() {
        return toFinalize(sinks);
    }

    private static <T extends HasMetadata> List<T> toFinalize(List<SharedIndexInformer<T>> informers) {
        return informers == null ? List.of() : informers.stream().flatMap(i -> i.getStore().list().stream())
                .filter(r -> r.isMarkedForDeletion() && r.hasFinalizer(TopicLifecycle.FINALIZER)).toList();
    }

    private <T extends HasMetadata> void collect(List<TopicClaim> into, List<SharedIndexInformer<T>> informers,
            String key) {
        if (informers == null) {
            return;
        }
        Function<T, Optional<TopicClaim>> claimOf = r -> r instanceof Source s ? claimOf(s) : claimOf((Sink) r);
        for (SharedIndexInformer<T> informer : informers) {
            for (T resource : informer.getIndexer().byIndex(BY_TOPIC, key)) {
                claimOf.apply(resource).filter(c -> !into.get(0).uid().equals(c.uid())).ifPresent(into::add);
            }
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
