package dev.tributary.operator.source;

import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.common.DeletedOwner;
import dev.tributary.operator.common.EventRecorder;
import dev.tributary.operator.kafka.KafkaClusterConfig;
import dev.tributary.operator.pipeline.PipelineLifecycle;
import dev.tributary.operator.pipeline.build.DesiredHash;
import dev.tributary.operator.pipeline.build.PipelineDeploymentSettings;
import dev.tributary.operator.pipeline.build.PipelineKafkaConnection;
import dev.tributary.operator.source.build.IngestChildren;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Converges a Source's ingest children with its spec: applies them (server-side apply, only when the desired hash
 * differs from the observed one) while {@code spec.ingest.http} is set, and deletes them once it is removed. A
 * failure throws, so the Source is reconciled again with backoff and its status is not written meanwhile.
 */
@ApplicationScoped
public class SourceIngest {

    private static final List<Class<? extends HasMetadata>> KINDS = List.of(Deployment.class, Service.class,
            PodDisruptionBudget.class, NetworkPolicy.class);

    private final KubernetesClient client;
    private final KafkaClusterConfig kafka;
    private final EventRecorder events;
    private final PipelineDeploymentSettings settings;

    public SourceIngest(KubernetesClient client, KafkaClusterConfig kafka, EventRecorder events,
            @ConfigProperty(name = "tributary.pipeline.image",
                    defaultValue = PipelineDeploymentSettings.DEFAULT_IMAGE) String image,
            @ConfigProperty(name = "tributary.operator-namespace",
                    defaultValue = PipelineDeploymentSettings.DEFAULT_OPERATOR_NAMESPACE) String operatorNamespace,
            @ConfigProperty(name = "tributary.pipeline.metrics-namespaces") Optional<List<String>> metricsNamespaces) {
        this.client = client;
        this.kafka = kafka;
        this.events = events;
        this.settings = new PipelineDeploymentSettings(image, null, operatorNamespace,
                metricsNamespaces.orElse(List.of()));
    }

    public void reconcile(Source source) {
        String namespace = source.getMetadata().getNamespace();
        if (!IngestChildren.wanted(source)) {
            if (source.getStatus() != null && source.getStatus().ingest != null) {
                removeAll(source);
            }
            return;
        }
        KafkaConnectionPlan connection = PipelineKafkaConnection.plan(namespace, kafka.bootstrapServers(),
                kafka.securityProtocol(), kafka.saslMechanism(), kafka.credentialsSecret(), kafka.caCertificate());
        Map<HasMetadata, HasMetadata> outdated = new LinkedHashMap<>(); // desired -> observed
        for (HasMetadata desired : IngestChildren.desired(source, connection, settings)) {
            String hash = DesiredHash.stamp(desired);
            HasMetadata observed = client.resources(desired.getClass()).inNamespace(namespace)
                    .withName(desired.getMetadata().getName()).get();
            if (!DesiredHash.upToDate(desired, observed, hash)) {
                outdated.put(desired, observed);
            }
        }
        // Read before asking: a child the garbage collector removes after the Source's deletion is not created again.
        if (outdated.isEmpty() || DeletedOwner.isDeleted(client, source)) {
            return;
        }
        outdated.forEach((desired, observed) -> {
            client.resource(desired).fieldManager(PipelineLifecycle.FIELD_MANAGER).forceConflicts().serverSideApply();
            events.normal(source, observed == null ? "Created" : "Updated", (observed == null ? "created " : "updated ")
                    + desired.getKind() + " " + desired.getMetadata().getName() + " for spec.ingest.http");
        });
    }

    private void removeAll(Source source) {
        String name = IngestChildren.name(source);
        for (Class<? extends HasMetadata> kind : KINDS) {
            if (!client.resources(kind).inNamespace(source.getMetadata().getNamespace()).withName(name).delete()
                    .isEmpty()) {
                events.normal(source, "Deleted", "deleted " + kind.getSimpleName() + " " + name
                        + ": spec.ingest.http was removed");
            }
        }
    }
}
