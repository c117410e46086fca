package dev.tributary.operator.topic;

import dev.tributary.api.v1alpha1.ResourceStatus;
import dev.tributary.operator.sink.SinkTopics;
import dev.tributary.operator.source.SourceTopics;
import io.fabric8.kubernetes.client.CustomResource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the topic-deletion finalizer of Sources and Sinks being deleted. It works from the informer caches
 * rather than through the Java Operator SDK, because the SDK only calls a reconciler for a resource being
 * deleted when it manages a finalizer on every resource, and Tributary's finalizer exists only where
 * deletionPolicy is Delete.
 */
@ApplicationScoped
public class TopicFinalizer {

    private static final Logger LOG = Logger.getLogger(TopicFinalizer.class);
    private static final Duration SWEEP = Duration.ofSeconds(1);

    private final TopicLifecycle lifecycle;
    private final TopicClaims claims;
    private final SourceTopics sources;
    private final SinkTopics sinks;
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();
    private final Clock clock;
    private ScheduledExecutorService executor;

    public TopicFinalizer(TopicLifecycle lifecycle, TopicClaims claims, SourceTopics sources, SinkTopics sinks,
            Clock clock) {
        this.clock = clock;
        this.lifecycle = lifecycle;
        this.claims = claims;
        this.sources = sources;
        this.sinks = sinks;
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "topic-finalizer"));
        executor.scheduleWithFixedDelay(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    void sweep() {
        try {
            claims.sourcesToFinalize().forEach(s -> finalizeOne(s, sources));
            claims.sinksToFinalize().forEach(s -> finalizeOne(s, sinks));
        } catch (RuntimeException e) {
            LOG.warnf("topic finalizer pass failed, trying again in %ss: %s", SWEEP.toSeconds(), e.getMessage());
        }
    }

    private <R extends CustomResource<?, S>, S extends ResourceStatus> void finalizeOne(R resource,
            TopicResource<R, S> kind) {
        String uid = resource.getMetadata().getUid();
        if (clock.instant().isBefore(notBefore.getOrDefault(uid, Instant.MIN))) {
            return;
        }
        lifecycle.finalizeDeletion(resource, kind).ifPresentOrElse(
                retry -> notBefore.put(uid, clock.instant().plus(retry)), () -> notBefore.remove(uid));
    }
}
