package dev.tributary.operator.source.build;

import dev.tributary.api.v1alpha1.Source;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/**
 * The ingest endpoint's in-cluster address. Client-IP affinity keeps a client on one pod, where its
 * Idempotency-Keys are remembered.
 */
final class IngestServiceBuilder {

    private IngestServiceBuilder() {
    }

    static Service build(Source source) {
        return new ServiceBuilder()
                .withMetadata(IngestChildren.metadata(source))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(IngestChildren.selector(source))
                .withSessionAffinity("ClientIP")
                .addNewPort().withName("http").withProtocol("TCP").withPort(IngestChildren.PORT)
                .withTargetPort(new IntOrString("http")).endPort()
                .endSpec()
                .build();
    }
}
