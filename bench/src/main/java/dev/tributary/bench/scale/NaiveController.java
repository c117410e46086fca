package dev.tributary.bench.scale;

import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.pipeline.build.PipelineDeploymentSettings;
import dev.tributary.operator.pipeline.build.PipelineDesiredState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a controller written in an afternoon does: informers on Pipelines (with a resync) and on the Deployments it
 * owns; on every event and every resync it builds the Pipeline's children with the operator's own pure builders
 * ({@link PipelineDesiredState}, so the objects are equal) and GETs and PUTs each of them (a create when missing).
 * It keeps a work queue that coalesces a Pipeline queued twice, as client-go's does; it writes no status and creates
 * no topics, so its write count is a lower bound of such a controller's.
 */
final class NaiveController implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final long resyncMillis;
    private final KafkaConnectionPlan kafka;
    private final PipelineDeploymentSettings settings;
    private final ExecutorService workers;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /** The generation whose children were all written, per Pipeline name. */
    private final Map<String, Long> appliedGeneration = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<Pipeline> pipelines;
    private SharedIndexInformer<Source> sources;
    private SharedIndexInformer<Sink> sinks;

    NaiveController(KubernetesClient client, String namespace, long resyncMillis, KafkaConnectionPlan kafka,
            PipelineDeploymentSettings settings, int threads) {
        this.client = client;
        this.namespace = namespace;
        this.resyncMillis = resyncMillis;
        this.kafka = kafka;
        this.settings = settings;
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "naive-reconcile");
            thread.setDaemon(true);
            return thread;
        });
    }

    NaiveController start() {
        sources = client.resources(Source.class).inNamespace(namespace).inform();
        sinks = client.resources(Sink.class).inNamespace(namespace).inform();
        pipelines = client.resources(Pipeline.class).inNamespace(namespace)
                .inform(handler(p -> enqueue(p.getMetadata().getName())), resyncMillis);
        SharedIndexInformer<Deployment> deployments = client.apps().deployments().inNamespace(namespace)
                .inform(handler(d -> owner(d).ifPresent(this::enqueue)), resyncMillis);
        informers.addAll(List.of(sources, sinks, pipelines, deployments));
        return this;
    }

    /** The generation of {@code pipeline} whose children were all written, or -1. */
    long appliedGeneration(String pipeline) {
        return appliedGeneration.getOrDefault(pipeline, -1L);
    }

    private void enqueue(String name) {
        if (queued.add(name)) {
            try {
                workers.execute(() -> {
                    queued.remove(name);
                    reconcile(name);
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                queued.remove(name); // closing
            }
        }
    }

    private void reconcile(String name) {
        Pipeline pipeline = pipelines.getStore().getByKey(namespace + "/" + name);
        if (pipeline == null) {
            return;
        }
        Map<String, Source> referencedSources = new LinkedHashMap<>();
        for (String source : pipeline.getSpec().sources) {
            Source found = sources.getStore().getByKey(namespace + "/" + source);
            if (found == null) {
                return; // its Source event comes later; the resync tries again
            }
            referencedSources.put(source, found);
        }
        Map<String, Sink> referencedSinks = new LinkedHashMap<>();
        for (String sink : pipeline.getSpec().sinks) {
            Sink found = sinks.getStore().getByKey(namespace + "/" + sink);
            if (found == null) {
                return;
            }
            referencedSinks.put(sink, found);
        }
        PipelineDesiredState desired = PipelineDesiredState.of(pipeline, referencedSources, referencedSinks, kafka,
                settings);
        try {
            for (HasMetadata child : desired.children()) {
                getAndPut(child);
            }
            appliedGeneration.put(name, pipeline.getMetadata().getGeneration());
        } catch (KubernetesClientException e) {
            System.out.printf("[naive] %s: %s; queued again%n", name, e.getMessage());
            enqueue(name);
        }
    }

    private void getAndPut(HasMetadata child) {
        HasMetadata existing = client.resource(child).inNamespace(namespace).get();
        if (existing == null) {
            client.resource(child).inNamespace(namespace).create();
            return;
        }
        child.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        if (child instanceof Service service && existing instanceof Service current) {
            // a PUT must carry the allocated cluster IP, as `kubectl replace` of a fetched object does
            service.getSpec().setClusterIP(current.getSpec().getClusterIP());
            service.getSpec().setClusterIPs(current.getSpec().getClusterIPs());
        }
        client.resource(child).inNamespace(namespace).update();
    }

    private java.util.Optional<String> owner(HasMetadata object) {
        return object.getMetadata().getOwnerReferences().stream().filter(o -> "Pipeline".equals(o.getKind()))
                .map(OwnerReference::getName).findFirst();
    }

    private static <T> ResourceEventHandler<T> handler(Consumer<T> onEvent) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                onEvent.accept(object);
            }

            @Override
            public void onUpdate(T before, T after) {
                onEvent.accept(after); // a resync is an update with the same object
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                onEvent.accept(object);
            }
        };
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        workers.shutdownNow();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
